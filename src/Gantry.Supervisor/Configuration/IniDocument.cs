namespace Gantry.Supervisor.Configuration;

/// <summary>One value of an ini section, with where it was written (for errors).</summary>
internal sealed record IniValue(string Key, string Value, string File, int Line);

/// <summary>One section of an ini file: its keys in order (lower-cased, as Python's RawConfigParser keeps them).</summary>
internal sealed class IniSection(string name, string file, int line)
{
    public string Name { get; } = name;

    public string File { get; } = file;

    public int Line { get; } = line;

    public Dictionary<string, IniValue> Values { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Python's RawConfigParser as supervisord configures it (<c>UnhosedConfigParser</c>): <c>[section]</c> headers,
/// <c>key = value</c> or <c>key: value</c>, continuation lines indented, whole-line comments starting with <c>#</c>
/// or <c>;</c>, inline comments after whitespace followed by <c>;</c> or <c>#</c>, keys lower-cased. Sections of
/// included files join the including file's (a section written twice is an error, as in Python 3).
/// </summary>
internal static class IniDocument
{
    public static void Read(string text, string file, Dictionary<string, IniSection> into)
    {
        IniSection? section = null;
        IniValue? last = null;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var number = index + 1;
            var raw = lines[index];
            var trimmed = raw.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }
            if (char.IsWhiteSpace(raw[0]) && last is not null && section is not null)
            {
                var continued = last with { Value = last.Value + "\n" + StripInlineComment(trimmed) };
                section.Values[last.Key] = continued;
                last = continued;
                continue;
            }
            if (trimmed[0] == '[')
            {
                var close = trimmed.IndexOf(']', StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new SupervisorConfigException(file, number, null, $"section header '{trimmed}' has no closing ']'");
                }
                var name = trimmed[1..close].Trim();
                if (into.ContainsKey(name))
                {
                    throw new SupervisorConfigException(file, number, null, $"section '[{name}]' is written twice (first in {into[name].File}:{into[name].Line})");
                }
                section = new IniSection(name, file, number);
                into[name] = section;
                last = null;
                continue;
            }
            if (section is null)
            {
                throw new SupervisorConfigException(file, number, null, "a key before any [section] header");
            }
            var separator = trimmed.IndexOfAny(['=', ':']);
            if (separator <= 0)
            {
                throw new SupervisorConfigException(file, number, null, $"'{trimmed}' is neither 'key = value' nor a [section]");
            }
            var key = trimmed[..separator].Trim().ToLowerInvariant();
            var value = StripInlineComment(trimmed[(separator + 1)..].Trim());
            last = new IniValue(key, value, file, number);
            section.Values[key] = last;
        }
    }

    /// <summary>Python 3's inline_comment_prefixes (';', '#'): a prefix counts only after whitespace.</summary>
    private static string StripInlineComment(string value)
    {
        for (var i = 1; i < value.Length; i++)
        {
            if (value[i] is ';' or '#' && char.IsWhiteSpace(value[i - 1]))
            {
                return value[..i].TrimEnd();
            }
        }
        return value;
    }
}
