using System.Globalization;
using System.Text.Unicode;

namespace Gantry.Server.Static;

/// <summary>
/// Entity tags of static files (RFC 9110 §8.8.3) and the conditions that compare them (§13.1.2, §13.1.5). The tag is
/// nginx's, <c>"%xT-%xO"</c> (mtime and size in lower-case hex, e.g. <c>"5f1c2b3a-1a4"</c>), so a cache in front
/// keeps its tags when Gantry replaces nginx's own static serving. Sans-IO.
/// </summary>
internal static class EntityTag
{
    private static ReadOnlySpan<byte> WeakPrefix => "W/"u8;

    /// <summary>Room for the longest tag: two quotes, a dash and two 64-bit numbers in hex.</summary>
    public const int MaxLength = 2 + 1 + 16 + 16;

    /// <summary>Writes the strong tag of <paramref name="file"/>, quotes included, and returns its length.</summary>
    public static int Write(StaticFile file, Span<byte> destination)
    {
        var written = Utf8.TryWrite(destination, CultureInfo.InvariantCulture, $"\"{file.ModifiedSeconds:x}-{file.Length:x}\"", out var length);
        return written ? length : throw new ArgumentException("shorter than MaxLength", nameof(destination));
    }

    /// <summary>
    /// If-None-Match (RFC 9110 §13.1.2): <c>*</c>, or any listed tag equal to <paramref name="tag"/> under the weak
    /// comparison (the <c>W/</c> prefix of either side is ignored), as GET and HEAD use it.
    /// </summary>
    public static bool NoneMatchHits(ReadOnlySpan<byte> header, ReadOnlySpan<byte> tag)
    {
        var opaque = Opaque(tag);
        header = header.Trim(" \t"u8);
        if (header.SequenceEqual("*"u8))
        {
            return true;
        }
        while (!header.IsEmpty)
        {
            var comma = header.IndexOf((byte)',');
            var item = (comma < 0 ? header : header[..comma]).Trim(" \t"u8);
            header = comma < 0 ? [] : header[(comma + 1)..];
            if (!item.IsEmpty && Opaque(item).SequenceEqual(opaque))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True when an If-Range value is an entity tag rather than a date (RFC 9110 §13.1.5).</summary>
    public static bool IsTag(ReadOnlySpan<byte> value)
    {
        value = value.Trim(" \t"u8);
        return value.StartsWith("\""u8) || value.StartsWith(WeakPrefix);
    }

    /// <summary>If-Range's strong comparison: both tags strong and identical (a weak tag never matches).</summary>
    public static bool StrongMatch(ReadOnlySpan<byte> value, ReadOnlySpan<byte> tag)
    {
        value = value.Trim(" \t"u8);
        return !value.StartsWith(WeakPrefix) && !tag.StartsWith(WeakPrefix) && value.SequenceEqual(tag);
    }

    private static ReadOnlySpan<byte> Opaque(ReadOnlySpan<byte> tag) => tag.StartsWith(WeakPrefix) ? tag[WeakPrefix.Length..] : tag;
}
