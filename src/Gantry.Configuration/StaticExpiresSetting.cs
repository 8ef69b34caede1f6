namespace Gantry.Configuration;

/// <summary>
/// One <c>static-expires*</c> line. <c>static-expires-type[-mtime]</c> is written <c>TYPE=SECONDS</c>, the others
/// <c>REGEXP SECONDS</c> (uWSGI core/uwsgi.c: uwsgi_opt_add_dyn_dict and uwsgi_opt_add_regexp_dyn_dict).
/// </summary>
/// <param name="Option">The key as canonically named, e.g. <c>static-expires-uri-mtime</c>.</param>
/// <param name="Pattern">The regular expression, or the content type.</param>
/// <param name="Seconds">The lifetime (digits, as uWSGI's uwsgi_str_num reads them; 0 when none).</param>
public sealed record StaticExpiresSetting(string Option, string Pattern, long Seconds)
{
    /// <summary>Splits a value at the separator its option uses; null when the separator is missing.</summary>
    public static StaticExpiresSetting? Parse(string option, string text)
    {
        var separator = option.StartsWith("static-expires-type", StringComparison.Ordinal) ? '=' : ' ';
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        if (at <= 0)
        {
            return null;
        }
        var digits = text.AsSpan(at + 1).TrimStart(' ');
        var length = 0;
        while (length < digits.Length && char.IsAsciiDigit(digits[length]))
        {
            length++;
        }
        var seconds = length == 0 ? 0 : long.Parse(digits[..Math.Min(length, 18)], System.Globalization.CultureInfo.InvariantCulture);
        return new StaticExpiresSetting(option, text[..at], seconds);
    }
}
