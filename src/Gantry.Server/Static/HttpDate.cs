using System.Globalization;
using System.Text;

namespace Gantry.Server.Static;

/// <summary>IMF-fixdate (RFC 9110 §5.6.7), the only date form uWSGI reads or writes: "Sun, 06 Nov 1994 08:49:37 GMT".</summary>
internal static class HttpDate
{
    private const string Format1123 = "r";

    /// <summary>Formats Unix seconds.</summary>
    public static string Format(long seconds) =>
        DateTimeOffset.FromUnixTimeSeconds(seconds).ToString(Format1123, CultureInfo.InvariantCulture);

    /// <summary>Parses an IMF-fixdate to Unix seconds; false for any other form (the condition is then ignored).</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out long seconds)
    {
        Span<char> text = stackalloc char[64];
        if (value.Length > text.Length)
        {
            seconds = 0;
            return false;
        }
        var length = Encoding.Latin1.GetChars(value, text);
        if (DateTimeOffset.TryParseExact(text[..length].Trim(' '), Format1123, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var date))
        {
            seconds = date.ToUnixTimeSeconds();
            return true;
        }
        seconds = 0;
        return false;
    }
}
