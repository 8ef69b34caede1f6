using System.Net;
using System.Net.Sockets;
using System.Text;
using Gantry.Posix.Native;

namespace Gantry.Server.Listeners;

/// <summary>
/// A bound, listening, non-blocking socket. Owns the socket; the loops only borrow its descriptor.
/// The process that binds (today the worker, later the master) owns every listener.
/// </summary>
public sealed class Listener : IDisposable
{
    private readonly Socket _socket;

    private Listener(Socket socket, ListenAddress address)
    {
        _socket = socket;
        Address = address;
        Fd = (int)socket.SafeHandle.DangerousGetHandle();
        if (socket.LocalEndPoint is IPEndPoint bound)
        {
            BoundEndpoint = bound;
            var host = bound.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{bound.Address}]" : bound.Address.ToString();
            DisplayAddress = $"{host}:{bound.Port}";
            ServerName = Encoding.ASCII.GetBytes(bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any) ? Environment.MachineName : bound.Address.ToString());
            ServerPort = Encoding.ASCII.GetBytes(bound.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            DisplayAddress = "unix:" + address.UnixPath;
            ServerName = Encoding.ASCII.GetBytes(Environment.MachineName);
            ServerPort = "0"u8.ToArray();
        }
    }

    /// <summary>What the user asked for.</summary>
    public ListenAddress Address { get; }

    /// <summary>The descriptor the loops register (EPOLLEXCLUSIVE when several loops share it).</summary>
    public int Fd { get; }

    /// <summary>The real address after bind (port 0 resolved), or null for unix sockets.</summary>
    public IPEndPoint? BoundEndpoint { get; }

    /// <summary>"127.0.0.1:41234", "[::1]:8080" or "unix:/path".</summary>
    public string DisplayAddress { get; }

    /// <summary>SERVER_NAME for requests on this socket (latin-1 bytes).</summary>
    public byte[] ServerName { get; }

    /// <summary>SERVER_PORT for requests on this socket.</summary>
    public byte[] ServerPort { get; }

    /// <summary>True for unix-domain sockets (no TCP_NODELAY, no peer port).</summary>
    public bool IsUnix => Address.UnixPath is not null;

    /// <summary>The address as the readiness line prints it: "http://127.0.0.1:41234".</summary>
    public string Url => $"{Address.Protocol.ToString().ToLowerInvariant()}://{DisplayAddress}";

    /// <summary>Creates, binds and listens.</summary>
    /// <param name="address">Where.</param>
    /// <param name="backlog">The listen queue's length.</param>
    /// <param name="deferAcceptSeconds">
    /// Above 0, TCP_DEFER_ACCEPT for this many seconds on a TCP socket (tcp(7)): the kernel hands a connection to
    /// accept once its first bytes arrived, so the read right after accept finds the request instead of failing
    /// with EAGAIN and costing an epoll round trip (nginx connects, then sends at once: uWSGI defers the same way).
    /// </param>
    public static Listener Bind(ListenAddress address, int backlog, int deferAcceptSeconds = 0)
    {
        Socket socket;
        if (address.UnixPath is { } path)
        {
            // As uWSGI: a socket file left by an earlier run is replaced.
            if (Path.Exists(path))
            {
                File.Delete(path);
            }
            socket = BindUnix(path);
        }
        else
        {
            var endpoint = address.Endpoint!;
            socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
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
        }
        socket.Listen(backlog);
        socket.Blocking = false;
        return new Listener(socket, address);
    }

    /// <summary>
    /// Adopts a socket that a master process bound and passed to this worker at a known descriptor number
    /// (posix_spawn file actions): it is already listening; this process now owns its copy of the descriptor.
    /// </summary>
    public static Listener FromInheritedDescriptor(int fd, ListenAddress address)
    {
        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        socket.Blocking = false;
        return new Listener(socket, address);
    }

    /// <summary>
    /// Binds a unix socket with libc's bind(2): a .NET Socket that bound a path deletes the file when disposed, and the
    /// file must outlive the process unless --vacuum says otherwise (as in uWSGI).
    /// </summary>
    private static unsafe Socket BindUnix(string path)
    {
        const int SunPathSize = 108;
        var pathBytes = Encoding.UTF8.GetBytes(path);
        if (pathBytes.Length >= SunPathSize)
        {
            throw new IOException($"unix socket path longer than {SunPathSize - 1} bytes: {path}");
        }
        var fd = LibC.socket(LibC.AF_UNIX, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new IOException($"socket(AF_UNIX) failed: {System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(LibC.Errno)}");
        }
        // sockaddr_un: sa_family_t (host order), then the NUL-terminated path.
        Span<byte> address = stackalloc byte[sizeof(ushort) + SunPathSize];
        address.Clear();
        System.Runtime.InteropServices.MemoryMarshal.Write(address, (ushort)LibC.AF_UNIX);
        pathBytes.CopyTo(address[sizeof(ushort)..]);
        int result;
        fixed (byte* pointer = address)
        {
            result = LibC.bind(fd, pointer, sizeof(ushort) + pathBytes.Length + 1);
        }
        if (result != 0)
        {
            var errno = LibC.Errno;
            LibC.close(fd);
            throw new IOException(System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno));
        }
        return new Socket(new SafeSocketHandle(fd, ownsHandle: true));
    }

    /// <summary>Closes the socket (and removes a unix socket file when <paramref name="removeUnixFile"/>).</summary>
    public void Close(bool removeUnixFile)
    {
        _socket.Dispose();
        if (removeUnixFile && Address.UnixPath is { } path)
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

    public void Dispose() => _socket.Dispose();
}
