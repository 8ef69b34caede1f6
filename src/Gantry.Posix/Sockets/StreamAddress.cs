using System.Net;

namespace Gantry.Posix.Sockets;

/// <summary>
/// A stream socket's address as uWSGI users write it: ":9090" (all IPv4 interfaces, as uWSGI binds 0.0.0.0),
/// "127.0.0.1:9090", "[::1]:9090", "localhost:9090", or a unix socket path (anything containing '/',
/// or ending in ".sock"), or "@name" for a socket in Linux's abstract namespace (no file). Exactly one of <see cref="Endpoint"/> and <see cref="UnixPath"/> is set.
/// </summary>
/// <param name="Endpoint">The TCP endpoint, or null for a unix socket.</param>
/// <param name="UnixPath">The unix socket's path, or null for TCP.</param>
/// <param name="Text">What the user wrote, trimmed.</param>
public sealed record StreamAddress(IPEndPoint? Endpoint, string? UnixPath, string Text)
{
    /// <summary>The prefix of an already-open listening socket's address, "fd://N" (daphne's --fd).</summary>
    public const string DescriptorPrefix = "fd://";

    /// <summary>
    /// For "fd://N": the descriptor of a socket another process bound and passed open (daphne's --fd), which is served
    /// instead of binding. <see cref="Endpoint"/> or <see cref="UnixPath"/> is then what the socket is bound to
    /// (getsockname), and <see cref="Text"/> that address, so workers and logs see an ordinary address.
    /// </summary>
    public int? InheritedDescriptor { get; init; }

    /// <summary>True for an abstract unix socket ("@name"): it has no file to delete, chmod or chown.</summary>
    public bool IsAbstract => UnixPath is ['@', ..];

    /// <summary>Parses <paramref name="text"/>; returns null and an error message when it is not an address.</summary>
    public static StreamAddress? TryParse(string text, out string? error)
    {
        error = null;
        var value = text.Trim();
        if (value.Length == 0)
        {
            error = "empty socket address";
            return null;
        }
        if (value.StartsWith(DescriptorPrefix, StringComparison.Ordinal))
        {
            return Describe(value, out error);
        }
        if (value.Contains('/') || value.EndsWith(".sock", StringComparison.Ordinal) || (value.StartsWith('@') && value.Length > 1))
        {
            return new StreamAddress(null, value, value);
        }
        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value.AsSpan(colon + 1), out var port) || port is < 0 or > 65535)
        {
            error = $"'{text}' is not host:port, :port, [ipv6]:port or a unix socket path";
            return null;
        }
        var host = value[..colon];
        IPAddress address;
        if (host.Length == 0 || host == "0.0.0.0" || host == "*")
        {
            address = IPAddress.Any;
        }
        else if (host.StartsWith('[') && host.EndsWith(']') && IPAddress.TryParse(host[1..^1], out var v6))
        {
            address = v6;
        }
        else if (IPAddress.TryParse(host, out var ip))
        {
            address = ip;
        }
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else
        {
            try
            {
                address = Dns.GetHostAddresses(host).First();
            }
            catch (Exception exception) when (exception is System.Net.Sockets.SocketException or InvalidOperationException)
            {
                error = $"cannot resolve host '{host}' in '{text}'";
                return null;
            }
        }
        return new StreamAddress(new IPEndPoint(address, port), null, value);
    }

    /// <summary>"fd://N": the listening stream socket open at descriptor N, described by what it is bound to.</summary>
    private static unsafe StreamAddress? Describe(string value, out string? error)
    {
        error = null;
        if (!int.TryParse(value.AsSpan(DescriptorPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fd))
        {
            error = $"'{value}' is not fd://N with N a descriptor number";
            return null;
        }
        int listening = 0, length = sizeof(int);
        if (Native.LibC.getsockopt(fd, Native.LibC.SOL_SOCKET, Native.LibC.SO_ACCEPTCONN, &listening, &length) != 0)
        {
            error = $"descriptor {fd} ({value}) is not an open socket (errno {Native.LibC.Errno}): pass a listening socket open in this process";
            return null;
        }
        if (listening == 0)
        {
            error = $"descriptor {fd} ({value}) is a socket that is not listening: call listen() on it before passing it";
            return null;
        }
        try
        {
            using var socket = new System.Net.Sockets.Socket(new System.Net.Sockets.SafeSocketHandle(fd, ownsHandle: false));
            switch (socket.LocalEndPoint)
            {
                case IPEndPoint ip:
                    var text = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{ip.Address}]:{ip.Port}" : $"{ip.Address}:{ip.Port}";
                    return new StreamAddress(ip, null, text) { InheritedDescriptor = fd };
                case System.Net.Sockets.UnixDomainSocketEndPoint unix:
                    var path = unix.ToString();
                    path = path.StartsWith('\0') ? "@" + path[1..] : path;
                    return new StreamAddress(null, path, path) { InheritedDescriptor = fd };
                default:
                    error = $"descriptor {fd} ({value}) is not a TCP or unix stream socket";
                    return null;
            }
        }
        catch (System.Net.Sockets.SocketException exception)
        {
            error = $"descriptor {fd} ({value}): {exception.Message}";
            return null;
        }
    }
}
