using System.Net.Sockets;
using System.Text;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// A keep-alive client that retries only what HTTP allows (RFC 9112 §9.3.1, RFC 9110 §9.2.2): a request sent on a
/// reused connection that the server closed before any byte of the response came back. Anything else (a fresh
/// connection failing, a partial response, a non-200) is a failure.
/// </summary>
internal sealed class KeepAliveClient : IDisposable
{
    private readonly Uri _baseUri;
    private readonly byte[] _buffer = new byte[8192];
    private Socket? _socket;
    private int _served;

    public KeepAliveClient(Uri baseUri) => _baseUri = baseUri;

    /// <summary>Requests that were retried on a new connection, as HTTP allows.</summary>
    public int Retries { get; private set; }

    /// <summary>GET <paramref name="path"/>; the 200 body, or null on a failure HTTP does not let a client retry.</summary>
    public async Task<string?> GetAsync(string path, CancellationToken cancel)
    {
        var reused = _socket is not null && _served > 0;
        var (body, gotBytes) = await ExchangeAsync(path, cancel);
        if (body is null && reused && !gotBytes)
        {
            Retries++;
            (body, _) = await ExchangeAsync(path, cancel);
        }
        return body;
    }

    private async Task<(string? Body, bool GotBytes)> ExchangeAsync(string path, CancellationToken cancel)
    {
        var gotBytes = false;
        try
        {
            if (_socket is null)
            {
                _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await _socket.ConnectAsync(_baseUri.Host, _baseUri.Port, cancel);
                _served = 0;
            }
            await _socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {_baseUri.Authority}\r\n\r\n"), SocketFlags.None, cancel);
            var response = new MemoryStream();
            int headEnd;
            while ((headEnd = IndexOfHeadEnd(response)) < 0)
            {
                var count = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cancel);
                if (count == 0)
                {
                    throw new IOException("closed");
                }
                gotBytes = true;
                response.Write(_buffer, 0, count);
            }
            var head = Encoding.ASCII.GetString(response.GetBuffer(), 0, headEnd);
            var length = int.Parse(Header(head, "Content-Length") ?? "0");
            while (response.Length < headEnd + 4 + length)
            {
                var count = await _socket.ReceiveAsync(_buffer, SocketFlags.None, cancel);
                if (count == 0)
                {
                    throw new IOException("closed mid-body");
                }
                response.Write(_buffer, 0, count);
            }
            _served++;
            if (string.Equals(Header(head, "Connection"), "close", StringComparison.OrdinalIgnoreCase))
            {
                Drop();
            }
            var body = Encoding.ASCII.GetString(response.GetBuffer(), headEnd + 4, length);
            return (head.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal) ? body : null, true);
        }
        catch (Exception exception) when (exception is SocketException or IOException or OperationCanceledException)
        {
            Drop();
            return (null, gotBytes);
        }
    }

    private static int IndexOfHeadEnd(MemoryStream response) =>
        response.Length < 4 ? -1 : response.GetBuffer().AsSpan(0, (int)response.Length).IndexOf("\r\n\r\n"u8);

    private static string? Header(string head, string name)
    {
        foreach (var line in head.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }
        return null;
    }

    private void Drop()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public void Dispose() => Drop();
}
