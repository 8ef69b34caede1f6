using System.Text;
using Gantry.Posix.Files;
using Gantry.Posix.Native;
using Microsoft.Win32.SafeHandles;

namespace Gantry.Server.Static;

/// <summary>
/// URL path to file, safely, with no I/O beyond the file system lookups (reusable by any front that needs
/// "does this path name a static file": the PHP/CGI front's index and try_files). Follows uWSGI core/protocol.c and
/// core/static.c: a path ending with a skipped extension is never served; each mapping whose mountpoint prefixes
/// PATH_INFO is tried in order; the candidate is canonicalised with realpath(3) and must lie under the mapping's
/// (canonical) root or under a static-safe prefix, so neither "..", its percent-encoded form (the fronts decode
/// PATH_INFO first) nor a symlink can leave the root; a directory is served through its first existing index file.
/// A miss means the request goes on to the application.
/// The common case costs one openat2(2) and one fstat instead of realpath's readlink per component, a stat and an
/// open: a name with no "." or ".." segment is opened with every symlink refused (nginx's <c>disable_symlinks</c>
/// way), so if it opens it is canonical and under the root, and the open file is what is served. Anything else (a
/// symlink on the way, a dot segment, a kernel before 5.6) takes the realpath(3) route as before.
/// </summary>
internal sealed class StaticFileResolver
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ResolvedRoot[] _roots;
    private readonly string[] _indexFiles;
    private readonly byte[][] _skipExtensions;
    private readonly string[] _safePaths;
    private readonly StaticPathCache? _paths;

    /// <summary>Cleared when the kernel has no openat2(2) (before 5.6) or a seccomp filter refuses it: realpath always.</summary>
    private static bool s_openWithoutSymlinks = true;

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
            candidate = string.Concat(root.Path.AsSpan().TrimEnd('/'), "/", tail.AsSpan().TrimStart('/'));
            switch (TryOpen(candidate, root.Path, out file))
            {
                case Opened.File:
                    return true;
                case Opened.Directory:
                    return TryIndex(root, candidate, out file);
                case Opened.Missing:
                    return false;
            }
        }
        return TryCanonical(candidate, root.Path, out file, out var directory)
            || (directory is not null && TryIndex(root, directory, out file));
    }

    /// <summary>
    /// The realpath(3) route, for what <see cref="TryOpen"/> left undecided: <paramref name="candidate"/> canonicalised,
    /// inside <paramref name="root"/> (or a static-safe prefix), then a regular file not of a skipped suffix
    /// (<paramref name="file"/>), or a directory (its canonical path in <paramref name="directory"/>, for an index).
    /// </summary>
    private bool TryCanonical(string candidate, string root, out StaticFile file, out string? directory)
    {
        file = default;
        directory = null;
        var real = RealPath(candidate);
        if (real is null || !IsContained(real, root) || !FileSystemCalls.TryStat(real, out var kind, out var length, out var modified))
        {
            return false;
        }
        if (kind == FileKind.Directory)
        {
            directory = real;
            return false;
        }
        if (kind != FileKind.Regular || EndsWithSkipped(Encoding.UTF8.GetBytes(real)))
        {
            return false;
        }
        file = new StaticFile(real, length, modified, root);
        return true;
    }

    /// <summary>What <see cref="TryOpen"/> found.</summary>
    private enum Opened
    {
        /// <summary>Not decided here (a symlink or dot segment on the way, no openat2): realpath decides.</summary>
        Undecided,

        /// <summary>A regular file, opened: the StaticFile owns its descriptor.</summary>
        File,

        /// <summary>A directory: its index files are looked for.</summary>
        Directory,

        /// <summary>Nothing servable by that name (missing, or neither a regular file nor a directory).</summary>
        Missing,
    }

    /// <summary>
    /// The fast path: <paramref name="candidate"/> (<paramref name="root"/>, "/", the rest) opened with every symlink
    /// refused when the rest has no empty, "." or ".." segment, so that an open file is canonical and inside the root.
    /// </summary>
    private Opened TryOpen(string candidate, string root, out StaticFile file)
    {
        file = default;
        var rootLength = root.AsSpan().TrimEnd('/').Length;
        if (!s_openWithoutSymlinks || !IsPlain(candidate.AsSpan(rootLength)))
        {
            return Opened.Undecided;
        }
        var byteCount = Encoding.UTF8.GetByteCount(candidate);
        if (byteCount >= 4096)
        {
            return Opened.Undecided;
        }
        Span<byte> path = stackalloc byte[byteCount + 1];
        Encoding.UTF8.GetBytes(candidate, path);
        path[byteCount] = 0;
        var fd = FileSystemCalls.OpenWithoutSymlinks(path);
        if (fd < 0)
        {
            switch (-fd)
            {
                case LibC.ENOENT or LibC.ENOTDIR or LibC.ENAMETOOLONG:
                    return Opened.Missing;
                case LibC.ENOSYS or LibC.EPERM:
                    s_openWithoutSymlinks = false;
                    return Opened.Undecided;
                default:
                    return Opened.Undecided;
            }
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (!FileSystemCalls.TryStat(fd, out var kind, out var length, out var modified) || kind == FileKind.Other
            || (kind == FileKind.Regular && EndsWithSkipped(path[..byteCount])))
        {
            handle.Dispose();
            return Opened.Missing;
        }
        if (kind == FileKind.Directory)
        {
            handle.Dispose();
            return Opened.Directory;
        }
        file = new StaticFile(candidate, length, modified, root, handle);
        return Opened.File;
    }

    /// <summary>"/a/b.css" or "/a/": segments after the root that are neither empty (but a trailing one), "." nor "..".</summary>
    private static bool IsPlain(ReadOnlySpan<char> rest)
    {
        if (rest.Length < 2 || rest[0] != '/')
        {
            return false;
        }
        rest = rest[1..];
        while (true)
        {
            var end = rest.IndexOf('/');
            var segment = end < 0 ? rest : rest[..end];
            if (segment.IsEmpty ? end >= 0 : segment is "." or "..")
            {
                return false;
            }
            if (end < 0)
            {
                return true;
            }
            rest = rest[(end + 1)..];
        }
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
        switch (TryOpen(candidate, root, out file))
        {
            case Opened.File:
                return true;
            case Opened.Directory or Opened.Missing:
                return false;
        }
        return TryCanonical(candidate, root, out file, out _);
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
