namespace Gantry.Server.Static;

/// <summary>
/// Reads Accept-Encoding (RFC 9110 §12.5.3) for the one coding static files offer, gzip. Sans-IO. A coding listed
/// by name decides; otherwise <c>*</c> does; a weight of zero (<c>q=0</c>, <c>q=0.000</c>) refuses.
/// </summary>
internal static class AcceptEncoding
{
    private static ReadOnlySpan<byte> Whitespace => " \t"u8;

    /// <summary>True when the client takes a gzip-coded body.</summary>
    public static bool AcceptsGzip(ReadOnlySpan<byte> header)
    {
        bool? named = null;
        bool? any = null;
        while (!header.IsEmpty)
        {
            var comma = header.IndexOf((byte)',');
            var item = comma < 0 ? header : header[..comma];
            header = comma < 0 ? [] : header[(comma + 1)..];
            var semicolon = item.IndexOf((byte)';');
            var coding = (semicolon < 0 ? item : item[..semicolon]).Trim(Whitespace);
            var accepted = semicolon < 0 || HasWeight(item[(semicolon + 1)..]);
            if (coding.EqualsIgnoreCaseAscii("gzip"u8) || coding.EqualsIgnoreCaseAscii("x-gzip"u8))
            {
                named ??= accepted;
            }
            else if (coding.SequenceEqual("*"u8))
            {
                any ??= accepted;
            }
        }
        return named ?? any ?? false;
    }

    /// <summary>The parameters after a coding: false only for a weight whose digits are all zero.</summary>
    private static bool HasWeight(ReadOnlySpan<byte> parameters)
    {
        var weight = parameters.Trim(Whitespace);
        if (weight.Length < 2 || (weight[0] | 0x20) != 'q' || weight[1] != '=')
        {
            return true;
        }
        return weight[2..].Trim(Whitespace).IndexOfAnyExcept("0."u8) >= 0;
    }

    private static bool EqualsIgnoreCaseAscii(this ReadOnlySpan<byte> value, ReadOnlySpan<byte> lower) =>
        System.Text.Ascii.EqualsIgnoreCase(value, lower);
}
