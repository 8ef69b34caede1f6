using System.Buffers.Binary;

namespace Gantry.Protocols.FastCgi;

/// <summary>
/// Reads FastCGI name-value pairs (spec §3.4). Each pair is
/// <code>
///   nameLength | valueLength | name bytes | value bytes
/// </code>
/// where each length is one byte when below 128, else four bytes big-endian with the top bit set (31-bit length).
/// A pair may straddle PARAMS records: use <see cref="FastCgiNameValueStreamReader"/> for a stream, and this type
/// for content known to hold whole pairs (one GET_VALUES record, or an already concatenated stream).
/// </summary>
public static class FastCgiNameValueReader
{
    private const byte LongLengthFlag = 0x80;
    private const int LongLengthSize = sizeof(uint);
    private const uint LongLengthMask = 0x7fff_ffff;

    /// <summary>
    /// Reads the pair at the start of <paramref name="buffer"/>; false when the buffer ends inside it (more of the
    /// stream is needed).
    /// </summary>
    /// <exception cref="FastCgiProtocolException">The pair's name is empty.</exception>
    public static bool TryReadPair(ReadOnlySpan<byte> buffer, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value, out int consumed)
    {
        name = default;
        value = default;
        consumed = 0;
        var offset = 0;
        if (!TryReadLength(buffer, ref offset, out var nameLength) || !TryReadLength(buffer, ref offset, out var valueLength))
        {
            return false;
        }
        if (nameLength == 0)
        {
            // The grammar allows it, but no CGI or management variable has an empty name; uWSGI drops the same
            // thing in its own protocol, so the pair is refused rather than passed on.
            FastCgiProtocolException.Throw(FastCgiRejectionReason.ZeroLengthName);
        }
        if ((long)nameLength + valueLength > buffer.Length - offset)
        {
            return false;
        }
        name = buffer.Slice(offset, nameLength);
        value = buffer.Slice(offset + nameLength, valueLength);
        consumed = offset + nameLength + valueLength;
        return true;
    }

    /// <summary>
    /// Validates content made of whole pairs, then hands each pair to the handler (so it never sees part of invalid
    /// content). Returns the number of pairs.
    /// </summary>
    /// <exception cref="FastCgiProtocolException">A pair is cut short or has an empty name.</exception>
    public static int Read<THandler>(ReadOnlySpan<byte> content, ref THandler handler)
        where THandler : IFastCgiNameValueHandler, allows ref struct
    {
        var count = CountPairs(content);
        var offset = 0;
        while (TryReadPair(content[offset..], out var name, out var value, out var consumed))
        {
            offset += consumed;
            handler.OnNameValue(name, value);
        }
        return count;
    }

    /// <summary>Counts the pairs of content made of whole pairs.</summary>
    /// <exception cref="FastCgiProtocolException">A pair is cut short or has an empty name.</exception>
    public static int CountPairs(ReadOnlySpan<byte> content)
    {
        var count = 0;
        var offset = 0;
        while (offset < content.Length)
        {
            if (!TryReadPair(content[offset..], out _, out _, out var consumed))
            {
                FastCgiProtocolException.Throw(FastCgiRejectionReason.TruncatedNameValue);
            }
            offset += consumed;
            count++;
        }
        return count;
    }

    private static bool TryReadLength(ReadOnlySpan<byte> buffer, ref int offset, out int length)
    {
        if (offset >= buffer.Length)
        {
            length = 0;
            return false;
        }
        var first = buffer[offset];
        if ((first & LongLengthFlag) == 0)
        {
            length = first;
            offset++;
            return true;
        }
        if (buffer.Length - offset < LongLengthSize)
        {
            length = 0;
            return false;
        }
        length = (int)(BinaryPrimitives.ReadUInt32BigEndian(buffer[offset..]) & LongLengthMask);
        offset += LongLengthSize;
        return true;
    }
}
