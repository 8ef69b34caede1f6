using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gantry.FunctionalTests.InfrastructureTests;

/// <summary>
/// A loopback listener that answers one connection with prepared bytes, sent in pieces of a chosen size, so the
/// probe's reading is tested on a real socket with whatever segmentation TCP delivers.
/// </summary>
internal sealed class CannedHttpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Task _serving;

    private CannedHttpServer(Socket listener, string response, int pieceSize, bool closeAfter)
    {
        _listener = listener;
        _serving = ServeAsync(Encoding.Latin1.GetBytes(response), pieceSize, closeAfter);
    }

    /// <summary>Where to connect.</summary>
    public EndPoint EndPoint => _listener.LocalEndPoint!;

    /// <summary>The request head the server read before answering.</summary>
    public string RequestHead { get; private set; } = "";

    /// <summary>Listens on 127.0.0.1:0, or on <paramref name="unixPath"/> when given.</summary>
    public static CannedHttpServer Start(string response, int pieceSize = int.MaxValue, bool closeAfter = true, string? unixPath = null)
    {
        var listener = unixPath is null
            ? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(unixPath is null ? new IPEndPoint(IPAddress.Loopback, 0) : new UnixDomainSocketEndPoint(unixPath));
        listener.Listen();
        return new CannedHttpServer(listener, response, pieceSize, closeAfter);
    }

    private async Task ServeAsync(byte[] response, int pieceSize, bool closeAfter)
    {
        using var connection = await _listener.AcceptAsync();
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var received = await connection.ReceiveAsync(buffer, SocketFlags.None);
            if (received == 0)
            {
                break;
            }

            head.Append(Encoding.Latin1.GetString(buffer, 0, received));
        }

        RequestHead = head.ToString();
        for (var offset = 0; offset < response.Length; offset += pieceSize)
        {
            await connection.SendAsync(response.AsMemory(offset, Math.Min(pieceSize, response.Length - offset)), SocketFlags.None);
        }

        if (!closeAfter)
        {
            // Hold the connection open until the client goes away.
            while (await connection.ReceiveAsync(buffer, SocketFlags.None) > 0)
            {
            }
        }
    }

    /// <summary>Stops listening and surfaces any error of the serving task.</summary>
    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _serving.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
