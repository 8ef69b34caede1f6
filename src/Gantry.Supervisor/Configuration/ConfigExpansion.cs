using System.Globalization;
using System.Text;

namespace Gantry.Supervisor.Configuration;

/// <summary>
/// Python's <c>%(name)s</c> formatting as supervisord applies it to values (<c>options.expand</c>): <c>%(ENV_X)s</c>,
/// <c>%(here)s</c>, <c>%(program_name)s</c>, <c>%(process_num)02d</c>… and <c>%%</c> for a percent sign. A name
/// that is not available is an error listing the ones that are.
/// </summary>
internal static class ConfigExpansion
{
    public static string Expand(IniValue value, IReadOnlyDictionary<string, object> names)
    {
        var text = value.Value;
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }
        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '%')
            {
                output.Append(c);
                i++;
                continue;
            }
            if (i + 1 < text.Length && text[i + 1] == '%')
            {
                output.Append('%');
                i += 2;
                continue;
            }
            if (i + 1 >= text.Length || text[i + 1] != '(')
            {
                throw Bad(value, $"'%' must be followed by '(name)s' or '%' (write '%%' for a percent sign)");
            }
            var close = text.IndexOf(')', i + 2);
            if (close < 0)
            {
                throw Bad(value, "'%(' has no closing ')'");
            }
            var name = text[(i + 2)..close];
            // Flags and width between ')' and the conversion (%(process_num)02d).
            var j = close + 1;
            while (j < text.Length && (char.IsDigit(text[j]) || text[j] is '-' or '+' or ' ' or '#' or '.'))
            {
                j++;
            }
            if (j >= text.Length || text[j] is not ('s' or 'd' or 'i' or 'r' or 'x' or 'o'))
            {
                throw Bad(value, $"'%({name})' needs a conversion such as 's' or 'd'");
            }
            if (!names.TryGetValue(name, out var replacement))
            {
                var available = string.Join(", ", names.Keys.Where(key => !key.StartsWith("ENV_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
                throw Bad(value, $"'%({name})s' cannot be expanded; available: {available} and ENV_ followed by an environment variable");
            }
            output.Append(Format(replacement, text[(close + 1)..j], text[j], value));
            i = j + 1;
        }
        return output.ToString();
    }

    private static string Format(object replacement, string flags, char conversion, IniValue value)
    {
        if (conversion is 'd' or 'i' or 'x' or 'o')
        {
            if (replacement is not int number)
            {
                throw Bad(value, $"'%(…){conversion}' needs a number, not '{replacement}'");
            }
            var digits = conversion switch
            {
                'x' => number.ToString("x", CultureInfo.InvariantCulture),
                'o' => Convert.ToString(number, 8),
                _ => number.ToString(CultureInfo.InvariantCulture),
            };
            var zero = flags.StartsWith('0');
            var width = int.TryParse(flags.TrimStart('0', '-', '+', ' ', '#'), NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 0;
            return flags.Contains('-', StringComparison.Ordinal) ? digits.PadRight(width) : digits.PadLeft(width, zero ? '0' : ' ');
        }
        var textValue = Convert.ToString(replacement, CultureInfo.InvariantCulture) ?? "";
        var textWidth = int.TryParse(flags.TrimStart('-'), NumberStyles.None, CultureInfo.InvariantCulture, out var tw) ? tw : 0;
        return flags.StartsWith('-') ? textValue.PadRight(textWidth) : textValue.PadLeft(textWidth);
    }

    private static SupervisorConfigException Bad(IniValue value, string message) => new(value.File, value.Line, value.Key, message);
}
