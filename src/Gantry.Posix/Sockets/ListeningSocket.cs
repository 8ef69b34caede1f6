using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Gantry.Posix.Native;

namespace Gantry.Posix.Sockets;

/// <summary>
/// A bound, listening, non-blocking stream socket, TCP or unix. Owns the descriptor (closed by <see cref="Close"/> or
/// <see cref="Dispose"/>); whoever registers it with a loop only borrows <see cref="Fd"/>. A unix socket's file is
/// left in place unless <see cref="Close"/> is asked to remove it (uWSGI's <c>vacuum</c>).
/// </summary>
public sealed class ListeningSocket : IDisposable
{
    private readonly Socket _socket;

    private ListeningSocket(Socket socket, StreamAddress address)
    {
        _socket = socket;
        Address = address;
        Fd = (int)socket.SafeHandle.DangerousGetHandle();
        BoundEndpoint = socket.LocalEndPoint as IPEndPoint;
    }

    /// <summary>The address it was bound to (or, for an adopted socket, the one its creator named).</summary>
    public StreamAddress Address { get; }

    /// <summary>The descriptor to register with a loop (EPOLLEXCLUSIVE when several loops share it).</summary>
    public int Fd { get; }

    /// <summary>The real address after bind (port 0 resolved), or null for unix sockets.</summary>
    public IPEndPoint? BoundEndpoint { get; }

    /// <summary>Creates, binds and listens.</summary>
    /// <param name="address">Where.</param>
    /// <param name="backlog">The listen queue's length.</param>
    /// <param name="deferAcceptSeconds">
    /// Above 0, TCP_DEFER_ACCEPT for this many seconds on a TCP socket (tcp(7)): the kernel hands a connection to
    /// accept once its first bytes arrived, so the read right after accept finds the request instead of failing
    /// with EAGAIN and costing an epoll round trip (nginx connects, then sends at once: uWSGI defers the same way).
    /// </param>
    /// <exception cref="SocketException">A TCP bind or listen failed (AddressAlreadyInUse, …).</exception>
    /// <exception cref="IOException">A unix socket could not be created or bound.</exception>
    public static ListeningSocket Bind(StreamAddress address, int backlog, int deferAcceptSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(address);
        Socket socket;
        if (address.UnixPath is { } path)
        {
            // As uWSGI: a socket file left by an earlier run is replaced.
            if (!address.IsAbstract && Path.Exists(path))
            {
                File.Delete(path);
            }
            socket = BindUnix(path);
        }
        else
        {
            socket = BindTcp(address.Endpoint!, deferAcceptSeconds);
        }
        try
        {
            socket.Listen(backlog);
            socket.Blocking = false;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new ListeningSocket(socket, address);
    }

    /// <summary>
    /// Adopts a socket that another process bound and passed on at a known descriptor number (a master to its
    /// workers through posix_spawn file actions, or to its re-executed self): it is already listening; this process
    /// now owns its copy of the descriptor.
    /// </summary>
    public static ListeningSocket Adopt(int fd, StreamAddress address)
    {
        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        socket.Blocking = false;
        return new ListeningSocket(socket, address);
    }

    /// <summary>Closes the socket (and removes a unix socket file when <paramref name="removeUnixFile"/>).</summary>
    public void Close(bool removeUnixFile)
    {
        _socket.Dispose();
        if (removeUnixFile && Address.UnixPath is { } path && !Address.IsAbstract && Address.InheritedDescriptor is null)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Closes the socket; a unix socket file stays.</summary>
    public void Dispose() => _socket.Dispose();

    private static Socket BindTcp(IPEndPoint endpoint, int deferAcceptSeconds)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // SO_REUSEADDR alone (restart while old connections sit in TIME_WAIT). Not .NET's ReuseAddress option: on
            // Linux it sets SO_REUSEPORT too, which let a second gantry bind a port already served and split its traffic
            // instead of failing with "address already in use" as uWSGI does.
            Span<byte> on = stackalloc byte[sizeof(int)];
            BitConverter.TryWriteBytes(on, 1);
            socket.SetRawSocketOption(LibC.SOL_SOCKET, LibC.SO_REUSEADDR, on);
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }
            socket.Bind(endpoint);
            if (deferAcceptSeconds > 0)
            {
                Span<byte> seconds = stackalloc byte[sizeof(int)];
                BitConverter.TryWriteBytes(seconds, deferAcceptSeconds);
                socket.SetRawSocketOption(LibC.IPPROTO_TCP, LibC.TCP_DEFER_ACCEPT, seconds);
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Binds a unix socket with libc's bind(2): a .NET Socket that bound a path deletes the file when disposed, and the
    /// file must outlive the process unless vacuum says otherwise (as in uWSGI).
    /// </summary>
    private static unsafe Socket BindUnix(string path)
    {
        var address = SocketAddressBytes.ForUnix(path);
        var fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new IOException($"socket(AF_UNIX) failed: {Marshal.GetPInvokeErrorMessage(LibC.Errno)}");
        }
        int result;
        fixed (byte* pointer = address.Bytes)
        {
            result = LibC.bind(fd, pointer, address.Bytes.Length);
        }
        if (result != 0)
        {
            var errno = LibC.Errno;
            LibC.close(fd);
            throw new IOException(Marshal.GetPInvokeErrorMessage(errno));
        }
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }
}
