namespace Gantry.Server.Http;

/// <summary>RFC 3986 §2.1 percent-decoding; a '%' not followed by two hex digits is kept as is.</summary>
internal static class PercentDecoder
{
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
