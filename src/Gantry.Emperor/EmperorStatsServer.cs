using System.Net.Sockets;
using Gantry.Posix.Native;
using Gantry.Posix.Sockets;

namespace Gantry.Emperor;

/// <summary>
/// The emperor's stats socket (<c>emperor-stats</c>): each connection gets the JSON document and is closed, as uWSGI's
/// emperor_send_stats. The emperor's loop accepts (the socket is in its poll set) and renders the document; the write
/// runs on the thread pool with a 3-second send timeout, so a client that never reads cannot stall the loop.
/// </summary>
internal sealed unsafe class EmperorStatsServer : IDisposable
{
    private const int SendTimeoutMilliseconds = 3000;
    private readonly ListeningSocket _socket;

    private EmperorStatsServer(ListeningSocket socket) => _socket = socket;

    public int Fd => _socket.Fd;

    /// <summary>The bound address as logged (TCP with its real port, else the path).</summary>
    public string DisplayAddress => _socket.BoundEndpoint?.ToString() ?? _socket.Address.Text;

    /// <summary>Binds <paramref name="address"/> (":port" is loopback); throws <see cref="InvalidOperationException"/> saying why not.</summary>
    public static EmperorStatsServer Start(string address)
    {
        var text = address.Trim();
        var parsed = StreamAddress.TryParse(text.StartsWith(':') ? "127.0.0.1" + text : text, out var error)
            ?? throw new InvalidOperationException($"emperor-stats: {error}");
        try
        {
            return new EmperorStatsServer(ListeningSocket.Bind(parsed, backlog: 64));
        }
        catch (Exception failure) when (failure is IOException or SocketException)
        {
            throw new InvalidOperationException($"emperor-stats: cannot listen on {text}: {failure.Message}");
        }
    }

    /// <summary>Accepts one waiting client and sends it <paramref name="document"/> in the background.</summary>
    public void Answer(byte[] document)
    {
        var fd = LibC.accept4(_socket.Fd, null, null, LibC.SOCK_CLOEXEC);
        if (fd < 0)
        {
            return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static state =>
        {
            var (client, bytes) = state;
            using var socket = new Socket(new SafeSocketHandle(client, ownsHandle: true)) { SendTimeout = SendTimeoutMilliseconds };
            try
            {
                socket.Send(bytes);
                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The client left or stopped reading: nothing more to do than close.
            }
        }, (fd, document), preferLocal: false);
    }

    public void Dispose() => _socket.Close(removeUnixFile: true);
}
