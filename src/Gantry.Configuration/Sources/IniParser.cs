namespace Gantry.Configuration.Sources;

/// <summary>
/// Splits ini text the way uWSGI's core/ini.c does: spaces, tabs and CR are trimmed; a line starting with
/// <c>;</c> or <c>#</c> is a comment; there are no inline comments (the text after the value stays part of it);
/// <c>[name]</c> opens a section (every section with the asked name counts, wherever it appears); the key ends
/// at the first <c>=</c>; a line without <c>=</c> is a key with an empty value. No I/O.
/// </summary>
internal static class IniParser
{
    /// <summary>The lines of <paramref name="section"/>, in order, and whether the section exists at all.</summary>
    public static (List<IniLine> Lines, bool SectionFound) Parse(string text, string section)
    {
        List<IniLine> lines = [];
        bool found = false;
        string current = string.Empty;
        int number = 0;
        foreach (ReadOnlySpan<char> raw in text.AsSpan().EnumerateLines())
        {
            number++;
            ReadOnlySpan<char> line = raw.Trim(" \t\r");
            if (line.IsEmpty || line[0] is ';' or '#')
            {
                continue;
            }

            if (line[0] == '[')
            {
                // uWSGI drops the first and the last character, whatever the last one is.
                current = line.Length > 1 ? line[1..^1].ToString() : string.Empty;
                found |= current == section;
                continue;
            }

            if (current != section)
            {
                continue;
            }

            int equals = line.IndexOf('=');
            string key = (equals < 0 ? line : line[..equals]).TrimEnd(" \t\r").ToString();
            string value = equals < 0 ? string.Empty : line[(equals + 1)..].Trim(" \t\r").ToString();
            lines.Add(new IniLine(number, key, value));
        }

        return (lines, found);
    }
}
