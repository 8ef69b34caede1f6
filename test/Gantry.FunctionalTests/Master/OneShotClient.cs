using System.Net.Sockets;
using System.Text;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// One request per new connection (<c>Connection: close</c>), the way the reload tests count failures: a
/// request that gets no complete 200 response is a failure, with no retry, since HTTP lets a client retry only
/// a request sent on an idle connection that the server closed, and a fresh connection is never idle.
/// </summary>
internal static class OneShotClient
{
    /// <summary>Sends GET <paramref name="path"/>; returns the body of a 200 response, or null on any failure.</summary>
    public static async Task<string?> GetAsync(Uri baseUri, string path, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(baseUri.Host, baseUri.Port, cancel.Token);
            var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {baseUri.Authority}\r\nConnection: close\r\n\r\n");
            await socket.SendAsync(request, SocketFlags.None, cancel.Token);
            var response = new MemoryStream();
            var buffer = new byte[4096];
            while (true)
            {
                var count = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
                if (count == 0)
                {
                    break;
                }
                response.Write(buffer, 0, count);
            }
            var text = Encoding.ASCII.GetString(response.ToArray());
            var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            return text.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal) && split > 0 ? text[(split + 4)..] : null;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or IOException)
        {
            return null;
        }
    }
}
