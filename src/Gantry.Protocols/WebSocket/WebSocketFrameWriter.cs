using System.Buffers.Binary;

namespace Gantry.Protocols.WebSocket;

/// <summary>Writes the header of a frame the server sends (RFC 6455 §5.2: never masked, §5.1), and close payloads (§5.5.1).</summary>
public static class WebSocketFrameWriter
{
    /// <summary>The longest server header: 2 + 8 (64-bit length).</summary>
    public const int MaxHeaderLength = 10;

    /// <summary>The most UTF-8 bytes a close reason may take: 125 − the 2-byte code (§5.5).</summary>
    public const int MaxCloseReasonLength = 123;

    /// <summary>Writes a header for a payload of <paramref name="payloadLength"/> bytes; returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, bool fin, WebSocketOpcode opcode, long payloadLength, bool compressed = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        destination[0] = (byte)((fin ? 0x80 : 0) | (compressed ? 0x40 : 0) | (byte)opcode);
        if (payloadLength < 126)
        {
            destination[1] = (byte)payloadLength;
            return 2;
        }
        if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            return 4;
        }
        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
        return 10;
    }

    /// <summary>
    /// A close frame's payload: the code, then the reason cut to <see cref="MaxCloseReasonLength"/> bytes at a UTF-8
    /// boundary. Returns the length written into <paramref name="destination"/> (at least 125 bytes).
    /// </summary>
    public static int WriteClosePayload(Span<byte> destination, int code, ReadOnlySpan<byte> reasonUtf8)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)code);
        var length = Math.Min(reasonUtf8.Length, MaxCloseReasonLength);
        while (length > 0 && length < reasonUtf8.Length && (reasonUtf8[length] & 0xC0) == 0x80)
        {
            length--;
        }
        reasonUtf8[..length].CopyTo(destination[2..]);
        return 2 + length;
    }
}
