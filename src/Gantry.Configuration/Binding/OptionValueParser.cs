using System.Globalization;
using Gantry.Configuration.Registry;

namespace Gantry.Configuration.Binding;

/// <summary>
/// Checks a value against its row's kind and range. Numbers follow uWSGI's <c>atoi</c>/<c>strtoul</c>: leading
/// digits count and trailing text is ignored (that is how <c>buffer-size = 65535 # note</c> works in uWSGI,
/// which has no inline comments), but a value with no digits at all is an error here rather than a silent 0.
/// </summary>
internal static class OptionValueParser
{
    private const long Megabyte = 1024 * 1024;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong and how to fix it.</summary>
    public static bool TryParse(OptionDefinition row, string text, out OptionValue value, out string? error, out string? warning)
    {
        value = new OptionValue(text, 0, false);
        error = null;
        warning = null;
        switch (row.Kind)
        {
            case OptionValueKind.Flag:
                value = value with { Flag = IsTrue(text) };
                return true;
            case OptionValueKind.Integer or OptionValueKind.Bytes or OptionValueKind.Megabytes:
                return TryParseNumber(row, text, out value, out error, out warning);
            case OptionValueKind.KeyValue:
                error = text.IndexOf('=', StringComparison.Ordinal) > 0 ? null : "must be KEY=VALUE";
                return error is null;
            case OptionValueKind.OctalMode:
                return TryParseMode(row, text, out value, out error);
            case OptionValueKind.Address:
                error = SocketAddressRules.Check(text);
                return error is null;
            default:
                error = text.Length == 0 && !row.ValueOptional ? "needs a value" : null;
                return error is null;
        }
    }

    /// <summary>uWSGI's boolean rule (core/uwsgi.c <c>uwsgi_opt_true</c>): true unless false, off, no or 0.</summary>
    public static bool IsTrue(string text) =>
        !(text.Equals("false", StringComparison.OrdinalIgnoreCase) || text.Equals("off", StringComparison.OrdinalIgnoreCase)
            || text.Equals("no", StringComparison.OrdinalIgnoreCase) || text == "0");

    private static bool TryParseNumber(OptionDefinition row, string text, out OptionValue value, out string? error, out string? warning)
    {
        value = new OptionValue(text, 0, false);
        warning = null;
        ReadOnlySpan<char> span = text.AsSpan().TrimStart(" \t");
        int length = span.Length > 0 && span[0] is '-' or '+' ? 1 : 0;
        while (length < span.Length && char.IsAsciiDigit(span[length]))
        {
            length++;
        }

        if (length == 0 || !char.IsAsciiDigit(span[length - 1]))
        {
            error = row.Kind switch
            {
                OptionValueKind.Bytes => "must be a number of bytes",
                OptionValueKind.Megabytes => "must be a number of megabytes",
                _ => "must be a whole number",
            };
            return false;
        }

        if (!long.TryParse(span[..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number)
            || (row.Kind == OptionValueKind.Megabytes && Math.Abs(number) > long.MaxValue / Megabyte))
        {
            error = $"is too large; the largest accepted value is {row.Maximum}";
            return false;
        }

        if (number < row.Minimum)
        {
            error = $"must be at least {row.Minimum}";
            return false;
        }

        if (number > row.Maximum)
        {
            error = $"must be at most {row.Maximum}" + (row.MaximumReason is null ? string.Empty : $" ({row.MaximumReason})");
            return false;
        }

        if (length < span.Length)
        {
            warning = $"the text after {span[..length]} is ignored (uWSGI has no inline comments; numbers stop at the first non-digit)";
        }

        error = null;
        value = value with { Number = row.Kind == OptionValueKind.Megabytes ? number * Megabyte : number };
        return true;
    }

    private static bool TryParseMode(OptionDefinition row, string text, out OptionValue value, out string? error)
    {
        // uWSGI core/uwsgi.c uwsgi_opt_chmod_socket: no value or "1" means 666, otherwise exactly three octal digits.
        string mode = text.Length == 0 || text == "1" ? "666" : text;
        value = new OptionValue(mode, 0, false);
        bool valid = mode.Length == 3 && mode.All(c => c is >= '0' and <= '7');
        error = valid ? null : $"must be three octal digits such as 660{(row.ValueOptional ? ", or nothing for 666" : string.Empty)}";
        return valid;
    }
}
