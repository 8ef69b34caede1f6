using System.Buffers.Text;

namespace Gantry.Server.Static;

/// <summary>
/// A single byte range of a Range header (RFC 9110 §14.1.2): "bytes=first-last", "bytes=first-" or "bytes=-suffix".
/// Several ranges or any other unit are not parsed (the whole file is sent, which RFC 9110 §14.2 allows). Sans-IO.
/// </summary>
internal static class ByteRangeParser
{
    private static ReadOnlySpan<byte> Unit => "bytes="u8;

    /// <summary>
    /// <see cref="ByteRangeResult.Satisfiable"/> with the inclusive <paramref name="first"/>..<paramref name="last"/>
    /// clamped to <paramref name="length"/>; <see cref="ByteRangeResult.Unsatisfiable"/> (416) when it starts past the
    /// end; <see cref="ByteRangeResult.Ignored"/> when the header is not one range this parser reads.
    /// </summary>
    public static ByteRangeResult Parse(ReadOnlySpan<byte> header, long length, out long first, out long last)
    {
        first = last = 0;
        header = header.Trim((byte)' ');
        if (!header.StartsWith(Unit) || header.IndexOf((byte)',') >= 0)
        {
            return ByteRangeResult.Ignored;
        }
        var spec = header[Unit.Length..].Trim((byte)' ');
        var dash = spec.IndexOf((byte)'-');
        if (dash < 0)
        {
            return ByteRangeResult.Ignored;
        }
        var start = spec[..dash];
        var end = spec[(dash + 1)..];
        if (start.IsEmpty)
        {
            if (!TryNumber(end, out var suffix))
            {
                return ByteRangeResult.Ignored;
            }
            if (suffix == 0 || length == 0)
            {
                return ByteRangeResult.Unsatisfiable;
            }
            first = Math.Max(0, length - suffix);
            last = length - 1;
            return ByteRangeResult.Satisfiable;
        }
        if (!TryNumber(start, out first))
        {
            return ByteRangeResult.Ignored;
        }
        if (end.IsEmpty)
        {
            last = length - 1;
        }
        else if (!TryNumber(end, out last) || last < first)
        {
            return ByteRangeResult.Ignored;
        }
        if (first >= length)
        {
            return ByteRangeResult.Unsatisfiable;
        }
        last = Math.Min(last, length - 1);
        return ByteRangeResult.Satisfiable;
    }

    private static bool TryNumber(ReadOnlySpan<byte> digits, out long value) =>
        Utf8Parser.TryParse(digits, out value, out var used) && used == digits.Length && value >= 0 && digits.IndexOfAnyExcept("0123456789"u8) < 0;
}
