using Gantry.Application;

namespace Gantry.Server.Http;

/// <summary>RFC 3986 §2.1 percent-decoding; a '%' not followed by two hex digits is kept as is.</summary>
internal static class PercentDecoder
{
    /// <summary>
    /// Sets <paramref name="key"/> to the decoded <paramref name="raw"/> path (PATH_INFO for the HTTP and FastCGI
    /// fronts). Returns false when the decoded path holds a NUL ("%00"), for the caller to refuse.
    /// </summary>
    public static bool SetDecodedPath(CgiVariables variables, ReadOnlySpan<byte> key, ReadOnlySpan<byte> raw)
    {
        if (!raw.Contains((byte)'%'))
        {
            variables.Set(key, raw);
            return true;
        }
        Span<byte> decoded = raw.Length <= 1024 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        decoded = decoded[..Decode(raw, decoded)];
        variables.Set(key, decoded);
        return !decoded.Contains((byte)0);
    }

    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var written = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == (byte)'%' && i + 2 < source.Length && TryHex(source[i + 1], out var high) && TryHex(source[i + 2], out var low))
            {
                destination[written++] = (byte)((high << 4) | low);
                i += 2;
            }
            else
            {
                destination[written++] = c;
            }
        }
        return written;
    }

    private static bool TryHex(byte c, out int value)
    {
        value = c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
