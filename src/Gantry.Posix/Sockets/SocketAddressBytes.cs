using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Gantry.Posix.Native;

namespace Gantry.Posix.Sockets;

/// <summary>
/// A <see cref="StreamAddress"/> as the struct sockaddr bind(2) and connect(2) take, built once: sockaddr_in,
/// sockaddr_in6 or sockaddr_un (in.h, in6.h, un.h; the family in host order, port and address in network order).
/// </summary>
public sealed class SocketAddressBytes
{
    /// <summary>sockaddr_un's sun_path size on Linux (sys/un.h), including the terminating NUL.</summary>
    public const int SunPathSize = 108;

    private const int SockaddrInSize = 16;
    private const int SockaddrIn6Size = 28;

    private SocketAddressBytes(int family, byte[] bytes)
    {
        Family = family;
        Bytes = bytes;
    }

    /// <summary>AF_INET, AF_INET6 or AF_UNIX: the socket(2) domain to create.</summary>
    public int Family { get; }

    /// <summary>The struct, exactly as long as the address length to pass.</summary>
    public byte[] Bytes { get; }

    /// <summary>Builds the struct for <paramref name="address"/>.</summary>
    /// <exception cref="IOException">A unix socket path longer than sun_path holds.</exception>
    public static SocketAddressBytes For(StreamAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.UnixPath is { } path ? ForUnix(path) : ForEndpoint(address.Endpoint!);
    }

    /// <summary>
    /// sockaddr_un: sa_family_t, then the NUL-terminated path; for "@name" (Linux's abstract namespace) a NUL, then
    /// the name, not NUL-terminated.
    /// </summary>
    public static SocketAddressBytes ForUnix(string path)
    {
        var isAbstract = path.StartsWith('@');
        var pathBytes = Encoding.UTF8.GetBytes(path);
        if (isAbstract)
        {
            pathBytes[0] = 0;
        }
        if (pathBytes.Length >= SunPathSize)
        {
            throw new IOException($"unix socket path longer than {SunPathSize - 1} bytes: {path}");
        }
        var bytes = new byte[sizeof(ushort) + pathBytes.Length + (isAbstract ? 0 : 1)];
        MemoryMarshal.Write(bytes, (ushort)LibC.AF_UNIX);
        pathBytes.CopyTo(bytes.AsSpan(sizeof(ushort)));
        return new SocketAddressBytes(LibC.AF_UNIX, bytes);
    }

    private static SocketAddressBytes ForEndpoint(IPEndPoint endpoint)
    {
        var v6 = endpoint.AddressFamily == AddressFamily.InterNetworkV6;
        var bytes = new byte[v6 ? SockaddrIn6Size : SockaddrInSize];
        var family = v6 ? LibC.AF_INET6 : LibC.AF_INET;
        MemoryMarshal.Write(bytes, (ushort)family);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)endpoint.Port);
        // sockaddr_in: sin_addr at 4; sockaddr_in6: sin6_flowinfo at 4, sin6_addr at 8, sin6_scope_id at 24.
        if (!endpoint.Address.TryWriteBytes(bytes.AsSpan(v6 ? 8 : 4), out _))
        {
            throw new IOException($"cannot encode {endpoint}");
        }
        if (v6)
        {
            MemoryMarshal.Write(bytes.AsSpan(24), (uint)endpoint.Address.ScopeId);
        }
        return new SocketAddressBytes(family, bytes);
    }
}
