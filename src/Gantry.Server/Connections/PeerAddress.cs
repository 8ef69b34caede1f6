using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;

namespace Gantry.Server.Connections;

/// <summary>
/// The client's address as REMOTE_ADDR / REMOTE_PORT bytes, formatted once per connection from the
/// sockaddr that accept4 filled in (no per-request work).
/// </summary>
internal sealed class PeerAddress
{
    private const ushort FamilyUnix = 1;
    private const ushort FamilyInet = 2;
    private const ushort FamilyInet6 = 10;

    private readonly byte[] _address = new byte[64];
    private readonly byte[] _port = new byte[8];

    /// <summary>Size of the sockaddr buffer to hand accept4 (sockaddr_storage).</summary>
    public const int SockaddrSize = 128;

    public int AddressLength { get; private set; }

    public int PortLength { get; private set; }

    public ReadOnlySpan<byte> Address => _address.AsSpan(0, AddressLength);

    public ReadOnlySpan<byte> Port => _port.AsSpan(0, PortLength);

    /// <summary>No address (until the next <see cref="Set"/>).</summary>
    public void Clear()
    {
        AddressLength = 0;
        PortLength = 0;
    }

    /// <summary>Reads a sockaddr_in, sockaddr_in6 or sockaddr_un.</summary>
    public void Set(ReadOnlySpan<byte> sockaddr)
    {
        AddressLength = 0;
        PortLength = 0;
        var family = BinaryPrimitives.ReadUInt16LittleEndian(sockaddr);
        if (family == FamilyUnix)
        {
            return;
        }
        var port = BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]);
        Utf8Formatter.TryFormat(port, _port, out var portLength);
        PortLength = portLength;
        if (family == FamilyInet)
        {
            var written = 0;
            for (var i = 0; i < 4; i++)
            {
                if (i > 0)
                {
                    _address[written++] = (byte)'.';
                }
                Utf8Formatter.TryFormat(sockaddr[4 + i], _address.AsSpan(written), out var n);
                written += n;
            }
            AddressLength = written;
        }
        else if (family == FamilyInet6)
        {
            var ip = new IPAddress(sockaddr.Slice(8, 16));
            if (ip.IsIPv4MappedToIPv6)
            {
                ip = ip.MapToIPv4();
            }
            ip.TryFormat(_address, out var written);
            AddressLength = written;
        }
    }
}
