using System.Globalization;

namespace Gantry.Supervisor.Configuration;

/// <summary>supervisord's value types (supervisor/datatypes.py), each refusing what supervisord refuses.</summary>
internal static class ConfigValues
{
    private static readonly string[] TrueWords = ["true", "yes", "on", "1"];
    private static readonly string[] FalseWords = ["false", "no", "off", "0"];

    public static bool Boolean(IniValue at, string text)
    {
        var lower = text.Trim().ToLowerInvariant();
        if (TrueWords.Contains(lower))
        {
            return true;
        }
        if (FalseWords.Contains(lower))
        {
            return false;
        }
        throw Bad(at, $"'{text}' is not a boolean (true/false, yes/no, on/off, 1/0)");
    }

    public static int Integer(IniValue at, string text, int minimum = int.MinValue)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Bad(at, $"'{text}' is not an integer");
        }
        if (value < minimum)
        {
            throw Bad(at, $"{value} is below the least allowed value {minimum}");
        }
        return value;
    }

    /// <summary>datatypes.byte_size: a number with an optional KB, MB or GB suffix (1024-based).</summary>
    public static long ByteSize(IniValue at, string text)
    {
        var lower = text.Trim().ToLowerInvariant();
        long multiplier = 1;
        foreach (var (suffix, factor) in new[] { ("kb", 1024L), ("mb", 1024L * 1024), ("gb", 1024L * 1024 * 1024) })
        {
            if (lower.EndsWith(suffix, StringComparison.Ordinal))
            {
                multiplier = factor;
                lower = lower[..^2];
                break;
            }
        }
        if (!long.TryParse(lower, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Bad(at, $"'{text}' is not a byte size (a number, optionally followed by KB, MB or GB)");
        }
        return value * multiplier;
    }

    public static int Octal(IniValue at, string text)
    {
        try
        {
            return Convert.ToInt32(text.Trim(), 8);
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or OverflowException)
        {
            throw Bad(at, $"'{text}' is not an octal number such as 022");
        }
    }

    public static AutoRestart AutoRestartValue(IniValue at, string text)
    {
        var lower = text.Trim().ToLowerInvariant();
        if (lower == "unexpected")
        {
            return AutoRestart.Unexpected;
        }
        if (TrueWords.Contains(lower))
        {
            return AutoRestart.Always;
        }
        if (FalseWords.Contains(lower))
        {
            return AutoRestart.Never;
        }
        throw Bad(at, $"invalid 'autorestart' value '{text}' (true, false or unexpected)");
    }

    public static IReadOnlyList<int> ExitCodes(IniValue at, string text)
    {
        var codes = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code > 255)
            {
                throw Bad(at, $"'{part}' is not an exit code (0 to 255; a list is written 0,2)");
            }
            codes.Add(code);
        }
        return codes;
    }

    /// <summary>datatypes.signal_number: a name with or without SIG, or a number.</summary>
    public static int Signal(IniValue at, string text)
    {
        if (SignalNames.TryParse(text, out var number))
        {
            return number;
        }
        throw Bad(at, $"value '{text}' is not a valid signal name (TERM, HUP, INT, QUIT, KILL, USR1, USR2, …)");
    }

    /// <summary>datatypes.dict_of_key_value_pairs: <c>KEY="value",KEY2=value2</c>, quotes as a POSIX shell's.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> KeyValuePairs(IniValue at, string text)
    {
        List<string> tokens;
        try
        {
            tokens = ShellWords.Split(text, extraSeparators: ",=");
        }
        catch (FormatException exception)
        {
            throw Bad(at, exception.Message);
        }
        var pairs = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < tokens.Count; i += 4)
        {
            if (i + 2 >= tokens.Count || tokens[i + 1] != "=" || tokens[i + 2] is "," or "=")
            {
                throw Bad(at, $"unexpected end of key/value pairs in '{text}' (write KEY=\"value\",KEY2=\"value2\")");
            }
            if (i + 3 < tokens.Count && tokens[i + 3] != ",")
            {
                throw Bad(at, $"'{tokens[i + 3]}' after '{tokens[i]}={tokens[i + 2]}': pairs are separated by ',' (quote a value with spaces)");
            }
            pairs.Add(new(tokens[i], tokens[i + 2]));
        }
        return pairs;
    }

    private static SupervisorConfigException Bad(IniValue at, string message) => new(at.File, at.Line, at.Key, message);
}
