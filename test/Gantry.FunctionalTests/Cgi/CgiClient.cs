using System.Net;
using System.Net.Sockets;
using System.Text;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>HTTP/1.0 requests to a CGI site (one connection each, Host: cgi.test), as both servers get them.</summary>
internal static class CgiClient
{
    /// <summary>The Host header every request carries, so HTTP_HOST is the same whichever server answers.</summary>
    public const string Host = "cgi.test";

    /// <summary>Sends one request; null when the server closed the connection without a response.</summary>
    public static async Task<HttpProbeResponse?> SendAsync(EndPoint endPoint, string method, string target, string headers = "", byte[]? body = null)
    {
        await using var probe = await HttpProbe.ConnectAsync(endPoint);
        var head = new StringBuilder($"{method} {target} HTTP/1.0\r\nHost: {Host}\r\n").Append(headers);
        if (body is not null)
        {
            head.Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }
        await probe.SendAsync(head.Append("\r\n").ToString());
        if (body is not null)
        {
            await probe.SendAsync(body);
        }
        try
        {
            return await probe.ReadResponseAsync(method);
        }
        catch (Exception failure) when (failure is EndOfStreamException or SocketException)
        {
            return null;
        }
    }

    /// <summary>Sends one request and keeps what <see cref="CgiAnswer"/> compares.</summary>
    public static async Task<CgiAnswer> AskAsync(EndPoint endPoint, string method, string target, string headers = "", byte[]? body = null) =>
        CgiAnswer.From(await SendAsync(endPoint, method, target, headers, body));

    /// <summary>A GET that must answer; the response.</summary>
    public static async Task<HttpProbeResponse> GetAsync(EndPoint endPoint, string target, string headers = "") =>
        await SendAsync(endPoint, "GET", target, headers)
        ?? throw new InvalidOperationException($"GET {target}: the server closed the connection without a response");

    /// <summary>
    /// GETs <paramref name="target"/> (an endless response), reads <paramref name="bytes"/> of it, then resets the
    /// connection (SO_LINGER 0). The small receive buffer keeps what gantry can push before the reset small. Null when
    /// all went so, else what went wrong.
    /// </summary>
    public static async Task<string?> ResetMidResponseAsync(EndPoint endPoint, string target, int bytes)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        try
        {
            using (var connect = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            {
                await socket.ConnectAsync(endPoint, connect.Token);
            }
            await socket.SendAsync(Encoding.Latin1.GetBytes($"GET {target} HTTP/1.1\r\nHost: {Host}\r\n\r\n"), SocketFlags.None);
            var buffer = new byte[bytes];
            var received = 0;
            while (received < bytes)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var count = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None, timeout.Token);
                if (count == 0)
                {
                    return $"the endless response ended after {received} bytes";
                }
                received += count;
            }
            if (!buffer.AsSpan().StartsWith("HTTP/1.1 200 OK\r\n"u8))
            {
                return "not a 200: " + Encoding.Latin1.GetString(buffer, 0, 64);
            }
            socket.LingerState = new LingerOption(true, 0);
            return null;
        }
        catch (Exception failure) when (failure is SocketException or OperationCanceledException)
        {
            return failure.Message;
        }
    }
}
