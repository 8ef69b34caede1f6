using System.Globalization;
using System.Text;

namespace Gantry.Configuration.Sources;

/// <summary>
/// uWSGI's magic variables (uwsgi-docs Configuration.rst; core/uwsgi.c <c>config_magic_table_fill</c>): <c>%d</c>
/// the config file's directory with a trailing slash, <c>%p</c> its absolute path, <c>%s</c> its name, <c>%n</c> the
/// name without extension, <c>%e</c> the extension, <c>%c</c> the directory's own name, <c>%0</c>..<c>%9</c> the
/// directory's components, <c>%x</c> the section asked for, <c>%o</c> the path as written, <c>%j</c> a hash of
/// <c>%p</c>; host values <c>%h %k %t %T %u %U %g %G %V %v %b %[</c>; uppercase <c>%D %P %S %N %E %C %X %O %J</c> are
/// the same for the first file read. <c>%%</c> is a literal <c>%</c> and <c>%(</c> starts a reference, kept for later.
/// </summary>
internal sealed class MagicVariables
{
    private static readonly char[] FileLetters = ['o', 'd', 's', 'p', 'c', 'e', 'n', 'x', 'j'];

    private readonly Dictionary<char, string> _host;
    private Dictionary<char, string>? _first;

    public MagicVariables(string currentDirectory, DateTimeOffset now, string version)
    {
        string uid = NativeIdentity.UserId();
        string gid = NativeIdentity.GroupId();
        _host = new Dictionary<char, string>
        {
            ['h'] = System.Net.Dns.GetHostName(),
            ['k'] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ['t'] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ['T'] = ((now - DateTimeOffset.UnixEpoch).Ticks / 10).ToString(CultureInfo.InvariantCulture),
            ['u'] = uid,
            ['U'] = Environment.UserName,
            ['g'] = gid,
            ['G'] = NativeIdentity.GroupName(gid),
            ['V'] = version,
            ['v'] = currentDirectory,
            ['b'] = Environment.ProcessPath ?? string.Empty,
            ['['] = "\u001b",
        };
    }

    /// <summary>The table for one config file: host values, this file's values and the first file's.</summary>
    public Dictionary<char, string> ForFile(string written, string fullPath, string section)
    {
        var table = new Dictionary<char, string>(_host);
        string directory = fullPath[..(fullPath.LastIndexOf('/') + 1)];
        string name = fullPath[directory.Length..];
        int dot = name.LastIndexOf('.');
        table['o'] = written;
        table['p'] = fullPath;
        table['s'] = name;
        table['d'] = directory;
        table['n'] = dot < 0 ? name : name[..dot];
        table['e'] = dot < 0 ? string.Empty : name[(dot + 1)..];
        table['x'] = section;
        table['j'] = Djb33xHex(fullPath);
        string[] parts = directory.Split('/', StringSplitOptions.RemoveEmptyEntries);
        table['c'] = parts.Length > 0 ? parts[^1] : string.Empty;
        for (int i = 0; i < 10; i++)
        {
            table[(char)('0' + i)] = i < parts.Length ? parts[i] : string.Empty;
        }

        _first ??= FileLetters.ToDictionary(letter => char.ToUpperInvariant(letter), letter => table[letter]);
        foreach (var (letter, value) in _first)
        {
            table[letter] = value;
        }

        return table;
    }

    /// <summary>
    /// Replaces every <c>%X</c> in <paramref name="text"/>. As in uWSGI, a letter with no value becomes empty;
    /// the letters met that way are returned so the caller can warn about them.
    /// </summary>
    public static string Substitute(string text, IReadOnlyDictionary<char, string> table, ISet<char> unknown)
    {
        if (!text.Contains('%', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '%' || i + 1 == text.Length)
            {
                builder.Append(text[i]);
                continue;
            }

            char letter = text[++i];
            if (letter == '%')
            {
                builder.Append('%');
            }
            else if (letter == '(')
            {
                builder.Append("%(");
            }
            else if (table.TryGetValue(letter, out string? value))
            {
                builder.Append(value);
            }
            else
            {
                unknown.Add(letter);
            }
        }

        return builder.ToString();
    }

    // uWSGI's djb33x_hash over the path's bytes (C chars are signed), printed as the hash's 4 bytes in memory order.
    private static string Djb33xHex(string path)
    {
        uint hash = 5381;
        foreach (byte b in Encoding.UTF8.GetBytes(path))
        {
            hash = ((hash << 5) + hash) ^ (uint)(sbyte)b;
        }

        return Convert.ToHexStringLower(BitConverter.GetBytes(hash));
    }
}
