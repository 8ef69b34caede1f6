namespace Gantry.Cgi;

/// <summary>
/// %XX to bytes for the path of a local redirect's Location (RFC 3986 §2.1), as the fronts decode a request path; a
/// '%' not followed by two hex digits stays as it is.
/// </summary>
internal static class PercentDecoding
{
    public static byte[] Decode(ReadOnlySpan<byte> encoded)
    {
        var decoded = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] == (byte)'%' && i + 2 < encoded.Length && IsHex(encoded[i + 1]) && IsHex(encoded[i + 2]))
            {
                decoded[length++] = (byte)((HexValue(encoded[i + 1]) << 4) | HexValue(encoded[i + 2]));
                i += 2;
                continue;
            }
            decoded[length++] = encoded[i];
        }
        return decoded.AsSpan(0, length).ToArray();
    }

    private static bool IsHex(byte c) => char.IsAsciiHexDigit((char)c);

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
