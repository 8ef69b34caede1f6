using System.Globalization;
using System.Text.RegularExpressions;

namespace Gantry.Configuration.Sources;

/// <summary>
/// The conditions and loops of uWSGI's config logic (core/config.c <c>uwsgi_logic_opt_*</c>): each decides which
/// values <c>%(_)</c> takes for the lines up to <c>endif</c>/<c>endfor</c>. No state of its own.
/// </summary>
internal static class LogicConditions
{
    /// <summary>Plugins a uWSGI config may test for that Gantry has built in.</summary>
    private static readonly string[] BuiltInPlugins = ["python", "python3", "http", "corerouter"];

    /// <summary>True for the options that open a block.</summary>
    public static bool OpensBlock(string option) =>
        option.StartsWith("if-", StringComparison.Ordinal) || option.StartsWith("for", StringComparison.Ordinal);

    /// <summary>
    /// Evaluates an <c>if-*</c> option. Returns whether the lines of the block apply and the value of <c>%(_)</c> in them.
    /// </summary>
    public static (bool Holds, string Underscore) Test(
        string option, string data, Func<string, string?> environment, Func<string, string?> lookupOption, string currentDirectory)
    {
        string path = data.Length == 0 ? data : Path.GetFullPath(data, currentDirectory);
        return option switch
        {
            "if-env" => Compare(data, environment, negate: false),
            "if-not-env" => Compare(data, environment, negate: true),
            "if-opt" => Compare(data, lookupOption, negate: false),
            "if-not-opt" => Compare(data, lookupOption, negate: true),
            "if-exists" => (File.Exists(path) || Directory.Exists(path), data),
            "if-not-exists" => (!File.Exists(path) && !Directory.Exists(path), data),
            "if-file" => (File.Exists(path), data),
            "if-not-file" => (!File.Exists(path), data),
            "if-dir" => (Directory.Exists(path), data),
            "if-not-dir" => (!Directory.Exists(path), data),
            "if-plugin" => (BuiltInPlugins.Contains(data), data),
            "if-not-plugin" => (!BuiltInPlugins.Contains(data), data),
            "if-hostname" => (System.Net.Dns.GetHostName() == data, data),
            "if-not-hostname" => (System.Net.Dns.GetHostName() != data, data),
            "if-hostname-match" => (Matches(data), data),
            "if-not-hostname-match" => (!Matches(data), data),
            // Gantry never re-execs itself to reload, so every start is a first start.
            "if-reload" => (false, data),
            "if-not-reload" => (true, data),
            _ => (false, data),
        };
    }

    /// <summary>The items of a <c>for*</c> loop; <paramref name="error"/> is set when they cannot be listed.</summary>
    public static List<string> Items(string option, string data, string currentDirectory, out string? error)
    {
        error = null;
        switch (option)
        {
            case "for":
                return [.. data.Split(' ', StringSplitOptions.RemoveEmptyEntries)];
            case "for-times":
                int count = int.TryParse(data.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;
                return [.. Enumerable.Range(1, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];
            case "for-readline":
                try
                {
                    var lines = File.ReadLines(Path.GetFullPath(data, currentDirectory)).ToList();
                    var nul = lines.FindIndex(line => line.Contains('\0', StringComparison.Ordinal));
                    if (nul >= 0)
                    {
                        // An item becomes part of option values, which cannot hold a NUL byte.
                        error = $"cannot read {data}: line {nul + 1} holds a NUL byte; remove it";
                        return [];
                    }
                    return lines;
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    error = $"cannot read {data}: {exception.Message}";
                    return [];
                }

            default:
                return Glob(data, currentDirectory);
        }
    }

    // glob(3) with GLOB_MARK | GLOB_NOCHECK, for a pattern in the last path component: directories end with '/',
    // and a pattern that matches nothing is returned as it is.
    private static List<string> Glob(string pattern, string currentDirectory)
    {
        int slash = pattern.LastIndexOf('/');
        string directory = slash < 0 ? "." : pattern[..(slash + 1)];
        string name = pattern[(slash + 1)..];
        string fullDirectory = Path.GetFullPath(directory, currentDirectory);
        if (!Directory.Exists(fullDirectory) || directory.IndexOfAny(['*', '?', '[']) >= 0)
        {
            return [pattern];
        }

        var matches = Directory.EnumerateFileSystemEntries(fullDirectory, name)
            .Select(entry => (slash < 0 ? string.Empty : directory) + Path.GetFileName(entry) + (Directory.Exists(entry) ? "/" : string.Empty))
            .Order(StringComparer.Ordinal)
            .ToList();
        return matches.Count == 0 ? [pattern] : matches;
    }

    // "NAME" holds when NAME is set; "NAME=value" when it is set to exactly that value.
    private static (bool, string) Compare(string data, Func<string, string?> lookup, bool negate)
    {
        int equals = data.IndexOf('=', StringComparison.Ordinal);
        string? value = lookup(equals < 0 ? data : data[..equals]);
        bool holds = value is not null && (equals < 0 || value == data[(equals + 1)..]);
        return (negate ? !holds : holds, value ?? string.Empty);
    }

    private static bool Matches(string pattern)
    {
        try
        {
            return Regex.IsMatch(System.Net.Dns.GetHostName(), pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
