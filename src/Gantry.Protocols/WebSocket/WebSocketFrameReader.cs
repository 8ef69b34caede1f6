using System.Buffers.Binary;

namespace Gantry.Protocols.WebSocket;

/// <summary>
/// Reads the header of a frame a client sent (RFC 6455 §5.2), sans-IO: false means "need more bytes", a violation throws
/// <see cref="WebSocketProtocolException"/> with the close code the server answers. The server's rules: client frames are
/// masked (§5.1), reserved bits are zero unless an extension set them (RSV1 for permessage-deflate), opcodes are known,
/// control frames are whole and at most 125 bytes (§5.5), and a payload above the limit fails with 1009.
/// </summary>
public static class WebSocketFrameReader
{
    /// <summary>The most a control frame's payload may hold (§5.5).</summary>
    public const int MaxControlPayload = 125;

    /// <summary>The longest a header can be: 2 + 8 (64-bit length) + 4 (mask).</summary>
    public const int MaxHeaderLength = 14;

    private const byte FinBit = 0x80;
    private const byte Rsv1Bit = 0x40;
    private const byte Rsv2And3Bits = 0x30;
    private const byte OpcodeBits = 0x0F;
    private const byte MaskBit = 0x80;
    private const byte LengthBits = 0x7F;
    private const byte Length16 = 126;
    private const byte Length64 = 127;

    /// <summary>Reads one header from the start of <paramref name="source"/>.</summary>
    /// <param name="source">Bytes received after the previous frame.</param>
    /// <param name="maxPayload">The largest payload accepted (daphne's --websocket-max-frame-size, 1 MiB by default).</param>
    /// <param name="compressionNegotiated">permessage-deflate was agreed: RSV1 may be set.</param>
    /// <param name="header">The header, when true.</param>
    /// <param name="headerLength">How many bytes of <paramref name="source"/> the header took, when true.</param>
    public static bool TryReadHeader(ReadOnlySpan<byte> source, long maxPayload, bool compressionNegotiated,
        out WebSocketFrameHeader header, out int headerLength)
    {
        header = default;
        headerLength = 0;
        if (source.Length < 2)
        {
            return false;
        }
        var first = source[0];
        var second = source[1];
        if ((first & Rsv2And3Bits) != 0 || ((first & Rsv1Bit) != 0 && !compressionNegotiated))
        {
            WebSocketProtocolException.ThrowProtocolError("a reserved bit is set and no extension defines it");
        }
        var opcode = (WebSocketOpcode)(first & OpcodeBits);
        if (opcode is not (WebSocketOpcode.Continuation or WebSocketOpcode.Text or WebSocketOpcode.Binary
            or WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong))
        {
            WebSocketProtocolException.ThrowProtocolError($"reserved opcode 0x{(byte)opcode:X}");
        }
        if ((second & MaskBit) == 0)
        {
            WebSocketProtocolException.ThrowProtocolError("a client frame is not masked (RFC 6455 §5.1)");
        }
        var fin = (first & FinBit) != 0;
        var compressed = (first & Rsv1Bit) != 0;
        var isControl = ((byte)opcode & 0x8) != 0;
        var length = (long)(second & LengthBits);
        var offset = 2;
        if (length == Length16)
        {
            if (source.Length < offset + 2)
            {
                return false;
            }
            length = BinaryPrimitives.ReadUInt16BigEndian(source[offset..]);
            offset += 2;
        }
        else if (length == Length64)
        {
            if (source.Length < offset + 8)
            {
                return false;
            }
            var wide = BinaryPrimitives.ReadUInt64BigEndian(source[offset..]);
            if (wide > long.MaxValue)
            {
                WebSocketProtocolException.ThrowProtocolError("the payload length's most significant bit is set (RFC 6455 §5.2)");
            }
            length = (long)wide;
            offset += 8;
        }
        if (isControl && (!fin || length > MaxControlPayload || compressed))
        {
            WebSocketProtocolException.ThrowProtocolError("a control frame is fragmented, compressed or longer than 125 bytes (RFC 6455 §5.5)");
        }
        if (length > maxPayload)
        {
            throw new WebSocketProtocolException(WebSocketCloseStatus.MessageTooBig, $"a frame of {length} bytes is over the limit of {maxPayload}");
        }
        if (source.Length < offset + 4)
        {
            return false;
        }
        var mask = BinaryPrimitives.ReadUInt32BigEndian(source[offset..]);
        offset += 4;
        header = new WebSocketFrameHeader(fin, compressed, opcode, mask, length);
        headerLength = offset;
        return true;
    }
}
