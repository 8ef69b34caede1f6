using System.Text;

namespace Gantry.Supervisor.Configuration;

/// <summary>
/// Python's <c>shlex.split</c> (POSIX mode) as supervisord splits <c>command</c>: words separated by whitespace,
/// single quotes literal, double quotes with backslash escapes of <c>\ " $ `</c>, a backslash outside quotes
/// escaping the next character. <paramref name="extraSeparators"/> become one-character tokens of their own (for
/// <c>KEY="v",KEY2=w</c>).
/// </summary>
internal static class ShellWords
{
    public static List<string> Split(string text, string extraSeparators = "")
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || extraSeparators.Contains(c, StringComparison.Ordinal))
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
                if (!char.IsWhiteSpace(c))
                {
                    words.Add(c.ToString());
                }
                continue;
            }
            inWord = true;
            switch (c)
            {
                case '\'':
                    var end = text.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException($"no closing quotation in '{text}'");
                    }
                    current.Append(text, i + 1, end - i - 1);
                    i = end;
                    break;
                case '"':
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new FormatException($"no closing quotation in '{text}'");
                        }
                        if (text[i] == '"')
                        {
                            break;
                        }
                        if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\\' or '"' or '$' or '`')
                        {
                            i++;
                        }
                        current.Append(text[i]);
                        i++;
                    }
                    break;
                case '\\':
                    if (i + 1 >= text.Length)
                    {
                        throw new FormatException($"no escaped character after the last '\\' in '{text}'");
                    }
                    current.Append(text[++i]);
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }
        if (inWord)
        {
            words.Add(current.ToString());
        }
        return words;
    }
}
