using Gantry.Posix.Files;

namespace Gantry.Emperor;

/// <summary>
/// One <c>--emperor</c> argument: uWSGI's "dir" monitor (a directory; vassals start in it) or its "glob" monitor (a
/// pattern; vassals start in the emperor's directory), both scanned by polling mtimes every <c>emperor-freq</c>
/// seconds, as uWSGI's default monitors do. Gantry's glob takes wildcards (<c>*</c>, <c>?</c>) in the file name only.
/// </summary>
internal sealed class VassalMonitor
{
    private static readonly string[] ForeignExtensions = [".xml", ".yml", ".yaml", ".js", ".json"];
    private readonly string _directory;
    private readonly string? _pattern;
    private readonly string? _patternPrefix;
    private readonly IReadOnlyList<string> _extraExtensions;
    private readonly bool _noFollow;
    private readonly bool _tyrantNoFollow;

    private VassalMonitor(string argument, string directory, string? pattern, string? patternPrefix, IReadOnlyList<string> extraExtensions,
        bool noFollow, bool tyrantNoFollow)
    {
        Argument = argument;
        _directory = directory;
        _pattern = pattern;
        _patternPrefix = patternPrefix;
        _extraExtensions = extraExtensions;
        _noFollow = noFollow;
        _tyrantNoFollow = tyrantNoFollow;
    }

    /// <summary>As the stats document shows the monitor: the absolute directory, or the glob as given.</summary>
    public string Argument { get; }

    /// <summary>Builds the monitor of <paramref name="argument"/>, or says why it cannot.</summary>
    public static VassalMonitor? Create(string argument, string startDirectory, IReadOnlyList<string> extraExtensions, bool noFollow,
        bool tyrantNoFollow, out string? error)
    {
        error = null;
        var text = argument.StartsWith("dir://", StringComparison.Ordinal) ? argument[6..]
            : argument.StartsWith("glob://", StringComparison.Ordinal) ? argument[7..] : argument;
        if (text.Contains("://", StringComparison.Ordinal))
        {
            error = $"emperor = {argument}: Gantry's emperor has the dir and glob monitors only (no {text[..text.IndexOf("://", StringComparison.Ordinal)]}://)";
            return null;
        }
        if (text.IndexOfAny(['*', '?', '[']) < 0)
        {
            var directory = FileSystemCalls.RealPath(Path.GetFullPath(text, startDirectory));
            if (directory is null || !Directory.Exists(directory))
            {
                error = $"emperor = {argument}: no such directory (create it, or give a glob such as /etc/gantry/vassals/*.ini)";
                return null;
            }
            return new VassalMonitor(directory, directory, null, null, extraExtensions, noFollow, tyrantNoFollow) { StartDirectory = startDirectory };
        }
        var slash = text.LastIndexOf('/');
        var prefix = slash < 0 ? string.Empty : text[..(slash + 1)];
        var pattern = text[(slash + 1)..];
        if (prefix.IndexOfAny(['*', '?', '[']) >= 0 || pattern.Contains('['))
        {
            error = $"emperor = {argument}: Gantry's glob takes * and ? in the file name only (e.g. /etc/gantry/vassals/*.ini)";
            return null;
        }
        var root = Path.GetFullPath(prefix.Length == 0 ? "." : prefix, startDirectory);
        return new VassalMonitor(argument, root, pattern, prefix, extraExtensions, noFollow, tyrantNoFollow) { StartDirectory = startDirectory };
    }

    /// <summary>Where uWSGI's monitor is while it scans: the directory itself, or the emperor's directory for a glob.</summary>
    public string ScanDirectory => _pattern is null ? _directory : StartDirectory;

    /// <summary>Working directory of vassals found by a glob: the emperor's own, as uWSGI.</summary>
    public required string StartDirectory { get; init; }

    /// <summary>
    /// The vassal files there now. Files with uWSGI's other config formats are reported once each through
    /// <paramref name="foreign"/>; unreadable entries are skipped.
    /// </summary>
    public List<VassalFile> Scan(Action<string> foreign, ISet<string> foreignSeen)
    {
        var found = new List<VassalFile>();
        IEnumerable<string> names;
        try
        {
            names = _pattern is null
                ? Directory.EnumerateFileSystemEntries(_directory).Select(Path.GetFileName).OfType<string>()
                : Directory.EnumerateFileSystemEntries(_directory, _pattern, new EnumerationOptions
                {
                    MatchType = MatchType.Simple,
                    MatchCasing = MatchCasing.CaseSensitive,
                    AttributesToSkip = 0,
                }).Select(Path.GetFileName).OfType<string>();
            names = names.ToList();
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return found;
        }
        foreach (var fileName in names)
        {
            var path = Path.Combine(_directory, fileName);
            if (!IsVassal(fileName, path))
            {
                if (ForeignExtensions.Any(e => fileName.EndsWith(e, StringComparison.Ordinal)) && foreignSeen.Add(path))
                {
                    foreign(_pattern is null ? fileName : _patternPrefix + fileName);
                }
                continue;
            }
            if (FileSystemCalls.StatOwner(path, _noFollow) is not { Kind: FileKind.Regular } status)
            {
                continue;
            }
            var (uid, gid) = (status.Uid, status.Gid);
            if (_tyrantNoFollow && FileSystemCalls.StatOwner(path, noFollow: true) is { } link)
            {
                (uid, gid) = (link.Uid, link.Gid);
            }
            found.Add(_pattern is null
                ? new VassalFile(fileName, path, _directory, Argument, uid, gid, status.ModifiedSeconds, status.ModifiedNanoseconds)
                : new VassalFile(_patternPrefix + fileName, path, StartDirectory, Argument, uid, gid, status.ModifiedSeconds, status.ModifiedNanoseconds));
        }
        return found;
    }

    /// <summary>Whether the file still exists (a vassal whose file went away is stopped).</summary>
    public bool Exists(Vassal vassal) => FileSystemCalls.StatOwner(vassal.Path, _noFollow) is not null;

    /// <summary>
    /// uWSGI's uwsgi_emperor_is_valid for what Gantry reads: <c>.ini</c>, an extra extension, and (Gantry's addition, for
    /// the seed's deployments) a <c>.conf</c> file holding an <c>[uwsgi]</c> section. Names of 255 bytes and more are not.
    /// </summary>
    private bool IsVassal(string fileName, string path)
    {
        if (fileName.Length >= 0xff)
        {
            return false;
        }
        if (fileName.EndsWith(".ini", StringComparison.Ordinal) || _extraExtensions.Any(e => fileName.EndsWith(e, StringComparison.Ordinal)))
        {
            return true;
        }
        return fileName.EndsWith(".conf", StringComparison.Ordinal) && HasUwsgiSection(path);
    }

    private static bool HasUwsgiSection(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            while (reader.ReadLine() is { } line)
            {
                if (line.Trim() == "[uwsgi]")
                {
                    return true;
                }
            }
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        return false;
    }
}
