using System.Text;
using Gantry.Posix.Files;

namespace Gantry.Server.Static;

/// <summary>
/// URL path to file, safely, with no I/O beyond the file system lookups (reusable by any front that needs
/// "does this path name a static file": the PHP/CGI front's index and try_files). Follows uWSGI core/protocol.c and
/// core/static.c: a path ending with a skipped extension is never served; each mapping whose mountpoint prefixes
/// PATH_INFO is tried in order; the candidate is canonicalised with realpath(3) and must lie under the mapping's
/// (canonical) root or under a static-safe prefix, so neither "..", its percent-encoded form (the fronts decode
/// PATH_INFO first) nor a symlink can leave the root; a directory is served through its first existing index file.
/// A miss means the request goes on to the application.
/// </summary>
internal sealed class StaticFileResolver
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ResolvedRoot[] _roots;
    private readonly string[] _indexFiles;
    private readonly byte[][] _skipExtensions;
    private readonly string[] _safePaths;
    private readonly StaticPathCache? _paths;

    /// <summary>Canonicalises every root now; a root that does not exist is left out (<paramref name="missingRoot"/> is told).</summary>
    /// <param name="options">The mappings and their settings.</param>
    /// <param name="missingRoot">Told about each root that does not exist.</param>
    /// <param name="time">The clock of static-cache-paths (the system's by default).</param>
    public StaticFileResolver(StaticFileOptions options, Action<StaticMapping>? missingRoot = null, TimeProvider? time = null)
    {
        var roots = new List<ResolvedRoot>();
        foreach (var mapping in options.Mappings)
        {
            var root = FileSystemCalls.RealPath(mapping.Root);
            if (root is null || !FileSystemCalls.TryStat(root, out var kind, out _, out _))
            {
                missingRoot?.Invoke(mapping);
                continue;
            }
            roots.Add(new ResolvedRoot(Encoding.UTF8.GetBytes(mapping.Mountpoint), root, mapping.AppendWholePath, kind == FileKind.Regular));
        }
        _roots = [.. roots];
        _indexFiles = [.. options.IndexFiles];
        _skipExtensions = [.. options.SkipExtensions.Select(Encoding.UTF8.GetBytes)];
        _safePaths = [.. options.SafePaths];
        _paths = options.CachePathsSeconds > 0 ? new StaticPathCache(options.CachePathsSeconds, time ?? TimeProvider.System) : null;
    }

    /// <summary>The static-cache-paths table, or null when resolutions are not kept.</summary>
    public StaticPathCache? PathCache => _paths;

    /// <summary>Called when a file resolved outside its root (a symlink or ".." escaping it); the request falls through.</summary>
    public Action<string, string>? Escaped { get; init; }

    /// <summary>Finds the file <paramref name="pathInfo"/> (percent-decoded) names; false sends the request to the application.</summary>
    public bool TryResolve(ReadOnlySpan<byte> pathInfo, out StaticFile file)
    {
        file = default;
        if (pathInfo.IndexOf((byte)0) >= 0 || EndsWithSkipped(pathInfo))
        {
            // A NUL would truncate the name at the system call (uWSGI then serves the truncated name): refuse instead.
            return false;
        }
        foreach (var root in _roots)
        {
            if (pathInfo.StartsWith(root.Mountpoint) && TryResolve(root, root.AppendWholePath ? pathInfo : pathInfo[root.Mountpoint.Length..], out file))
            {
                return true;
            }
        }
        return false;
    }

    private bool TryResolve(ResolvedRoot root, ReadOnlySpan<byte> relative, out StaticFile file)
    {
        file = default;
        string candidate;
        if (root.IsFile)
        {
            candidate = root.Path;
        }
        else
        {
            string tail;
            try
            {
                tail = StrictUtf8.GetString(relative);
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
            candidate = string.Concat(root.Path, "/", tail);
        }
        var real = RealPath(candidate);
        if (real is null || !IsContained(real, root.Path))
        {
            return false;
        }
        if (!FileSystemCalls.TryStat(real, out var kind, out var length, out var modified))
        {
            return false;
        }
        if (kind == FileKind.Directory)
        {
            return TryIndex(root, real, out file);
        }
        if (kind != FileKind.Regular || EndsWithSkipped(Encoding.UTF8.GetBytes(real)))
        {
            return false;
        }
        file = new StaticFile(real, length, modified, root.Path);
        return true;
    }

    /// <summary>The first index file of a directory that is a regular file (and, unlike uWSGI, still inside the root).</summary>
    private bool TryIndex(ResolvedRoot root, string directory, out StaticFile file)
    {
        foreach (var index in _indexFiles)
        {
            if (TryRegularFile(string.Concat(directory, directory.EndsWith('/') ? "" : "/", index), root.Path, out file))
            {
                return true;
            }
        }
        file = default;
        return false;
    }

    /// <summary>
    /// The regular file <paramref name="file"/>'s path plus <paramref name="suffix"/> names (a precompressed
    /// <c>x.css.gz</c> of <c>x.css</c>), resolved and contained as <paramref name="file"/> was: a sibling that is a
    /// symlink out of the root, or a skipped suffix, is not found.
    /// </summary>
    public bool TrySibling(StaticFile file, string suffix, out StaticFile sibling) =>
        TryRegularFile(string.Concat(file.Path, suffix), file.Root, out sibling);

    /// <summary>
    /// <paramref name="candidate"/> canonicalised, inside <paramref name="root"/> (or a static-safe prefix), a regular
    /// file and not of a skipped suffix: an index file, a precompressed sibling.
    /// </summary>
    private bool TryRegularFile(string candidate, string root, out StaticFile file)
    {
        var real = RealPath(candidate);
        if (real is not null && IsContained(real, root)
            && FileSystemCalls.TryStat(real, out var kind, out var length, out var modified) && kind == FileKind.Regular
            && !EndsWithSkipped(Encoding.UTF8.GetBytes(real)))
        {
            file = new StaticFile(real, length, modified, root);
            return true;
        }
        file = default;
        return false;
    }

    /// <summary>realpath(3), through the static-cache-paths table when there is one.</summary>
    private string? RealPath(string candidate) => _paths is { } paths ? paths.RealPath(candidate) : FileSystemCalls.RealPath(candidate);

    /// <summary>
    /// Under the root at a path boundary (uWSGI compares a bare prefix, so /srv/static also admitted /srv/static2),
    /// or under a static-safe prefix (compared as uWSGI does, as a bare prefix: write the trailing slash).
    /// </summary>
    private bool IsContained(string real, string root)
    {
        if (FileSystemCalls.IsWithin(real, root))
        {
            return true;
        }
        foreach (var safe in _safePaths)
        {
            if (real.StartsWith(safe, StringComparison.Ordinal))
            {
                return true;
            }
        }
        Escaped?.Invoke(real, root);
        return false;
    }

    private bool EndsWithSkipped(ReadOnlySpan<byte> path)
    {
        foreach (var extension in _skipExtensions)
        {
            if (path.EndsWith(extension))
            {
                return true;
            }
        }
        return false;
    }

    private sealed record ResolvedRoot(byte[] Mountpoint, string Path, bool AppendWholePath, bool IsFile);
}
