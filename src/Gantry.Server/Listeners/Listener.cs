using System.Net;
using System.Net.Sockets;
using System.Text;
using Gantry.Posix.Sockets;

namespace Gantry.Server.Listeners;

/// <summary>
/// A listening socket with the protocol the server speaks on it, and what requests on it are told about it
/// (SERVER_NAME, SERVER_PORT, the address in logs and the readiness line). Owns its <see cref="ListeningSocket"/>
/// (Gantry.Posix: creation, bind, unix socket files); the loops only borrow its descriptor.
/// </summary>
public sealed class Listener : IDisposable
{
    private readonly ListeningSocket _socket;

    private Listener(ListeningSocket socket, ListenAddress address)
    {
        _socket = socket;
        Address = address;
        Fd = socket.Fd;
        if (socket.BoundEndpoint is { } bound)
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

    /// <summary>The address as the readiness line prints it: "http://127.0.0.1:41234" (an http-to-https socket is http too).</summary>
    public string Url => Address.Protocol == ListenerProtocol.HttpToHttps
        ? $"http://{DisplayAddress}"
        : $"{Address.Protocol.ToString().ToLowerInvariant()}://{DisplayAddress}";

    /// <summary>Creates, binds and listens (<see cref="ListeningSocket.Bind"/>, which documents the arguments).</summary>
    public static Listener Bind(ListenAddress address, int backlog, int deferAcceptSeconds = 0) =>
        new(ListeningSocket.Bind(address.Socket, backlog, deferAcceptSeconds), address);

    /// <summary>
    /// Adopts a socket that a master process bound and passed to this worker at a known descriptor number
    /// (posix_spawn file actions): it is already listening; this process now owns its copy of the descriptor.
    /// </summary>
    public static Listener FromInheritedDescriptor(int fd, ListenAddress address) =>
        new(ListeningSocket.Adopt(fd, address.Socket), address);

    /// <summary>Closes the socket (and removes a unix socket file when <paramref name="removeUnixFile"/>).</summary>
    public void Close(bool removeUnixFile) => _socket.Close(removeUnixFile);

    public void Dispose() => _socket.Dispose();
}
