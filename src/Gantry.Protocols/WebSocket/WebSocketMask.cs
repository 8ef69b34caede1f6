using System.Buffers.Binary;

namespace Gantry.Protocols.WebSocket;

/// <summary>
/// Unmasks a client frame's payload in place (RFC 6455 §5.3: octet i is XORed with key octet i mod 4). The payload may
/// arrive in pieces: the position says how many of its bytes came before this piece.
/// </summary>
public static class WebSocketMask
{
    /// <summary>XORs <paramref name="payload"/> with <paramref name="key"/>, as the bytes at <paramref name="position"/> of the frame's payload.</summary>
    public static void Apply(Span<byte> payload, uint key, long position)
    {
        // The key twice, so the four bytes starting at position mod 4 are the key rotated to this piece's first byte.
        Span<byte> doubled = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(doubled, key);
        BinaryPrimitives.WriteUInt32BigEndian(doubled[4..], key);
        var rotated = doubled.Slice((int)(position & 3), 4);
        Span<byte> wide = stackalloc byte[8];
        rotated.CopyTo(wide);
        rotated.CopyTo(wide[4..]);
        var wideKey = BinaryPrimitives.ReadUInt64LittleEndian(wide);
        var i = 0;
        for (; i + 8 <= payload.Length; i += 8)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(payload[i..], BinaryPrimitives.ReadUInt64LittleEndian(payload[i..]) ^ wideKey);
        }
        for (; i < payload.Length; i++)
        {
            payload[i] ^= rotated[i & 3];
        }
    }
}
