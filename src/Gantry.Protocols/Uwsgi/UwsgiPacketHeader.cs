namespace Gantry.Protocols.Uwsgi;

/// <summary>
/// The 4-byte header that starts every uwsgi packet (uwsgi-docs Protocol.rst; nginx ngx_http_uwsgi_module.c):
/// <code>
///   0           1               3           4
///   +-----------+---------------+-----------+
///   | modifier1 | datasize u16LE| modifier2 |
///   +-----------+---------------+-----------+
/// </code>
/// <c>datasize</c> counts the block that follows (the vars block for requests), never the request body.
/// </summary>
public readonly struct UwsgiPacketHeader
{
    /// <summary>Size of the header on the wire, in bytes.</summary>
    public const int Size = 4;

    /// <summary>Creates a header.</summary>
    /// <param name="modifier1">Packet type (see <see cref="UwsgiModifier"/>); nginx sends 0 unless <c>uwsgi_modifier1</c> is set.</param>
    /// <param name="dataSize">Length of the block after the header.</param>
    /// <param name="modifier2">Sub-type; 0 for WSGI requests.</param>
    public UwsgiPacketHeader(byte modifier1, ushort dataSize, byte modifier2)
    {
        Modifier1 = modifier1;
        DataSize = dataSize;
        Modifier2 = modifier2;
    }

    /// <summary>Packet type (see <see cref="UwsgiModifier"/>).</summary>
    public byte Modifier1 { get; }

    /// <summary>Length in bytes of the block that follows the header (the vars block of a request).</summary>
    public ushort DataSize { get; }

    /// <summary>Sub-type, meaning depends on <see cref="Modifier1"/>.</summary>
    public byte Modifier2 { get; }

    /// <summary>Header plus block: the bytes a complete packet occupies.</summary>
    public int PacketSize => Size + DataSize;
}
