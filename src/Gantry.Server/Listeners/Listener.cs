using System.Net;
using System.Net.Sockets;
using System.Text;

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
    public static Listener Bind(ListenAddress address, int backlog)
    {
        Socket socket;
        if (address.UnixPath is { } path)
        {
            // As uWSGI: a socket file left by an earlier run is replaced.
            if (Path.Exists(path))
            {
                File.Delete(path);
            }
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(path));
        }
        else
        {
            var endpoint = address.Endpoint!;
            socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }
            socket.Bind(endpoint);
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
