using System.Text;
using Gantry.Configuration;
using Gantry.Posix.Files;

namespace Gantry.Cgi;

/// <summary>
/// Request path to CGI script, as uWSGI 2.0.21's cgi plugin finds it (plugins/cgi/cgi_plugin.c: uwsgi_cgi_get_docroot,
/// uwsgi_cgi_walk, uwsgi_cgi_request), with its way out closed:
/// <list type="bullet">
/// <item>the mount whose mountpoint is the longest plain prefix of PATH_INFO (<c>/cgi</c> also takes <c>/cgi-bin/x</c>),
/// else the bare <c>cgi = DIR</c>, else none (the router asks its next link); with cgi-from-docroot the request's
/// DOCUMENT_ROOT instead;</item>
/// <item>the walk: path components are looked up left to right; the first that is not a directory is the script and
/// the rest of the path (from its slash) is PATH_INFO; a missing component is a 404;</item>
/// <item>the script's real path must lie under the directory's real path (at a path boundary, where uWSGI compares a
/// bare prefix) or under a cgi-safe prefix; a ".." segment or a NUL is refused before any lookup, so nothing outside
/// is even probed;</item>
/// <item>a directory needs its trailing slash (else 301) and a readable cgi-index; cgi-allowed-ext is checked on the
/// real path; the first cgi-helper whose suffix ends it runs it, else it must be executable (else 403).</item>
/// </list>
/// PATH_INFO arrives percent-decoded from every front, so <c>%2e%2e</c> and <c>%2f</c> are plain dots and slashes here.
/// Immutable, shared by every loop thread.
/// </summary>
internal sealed class CgiScriptResolver
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly CgiOptions _options;
    private readonly ResolvedMount[] _mounts;
    private readonly ResolvedMount? _wholeSite;
    private readonly string _serverDirectory;

    /// <param name="options">The checked cgi options.</param>
    /// <param name="serverDirectory">The server's working directory (DOCUMENT_ROOT of a mount that names one script, as uWSGI's cwd).</param>
    public CgiScriptResolver(CgiOptions options, string serverDirectory)
    {
        _options = options;
        _serverDirectory = serverDirectory;
        var mounts = new List<ResolvedMount>();
        foreach (var mount in options.Mounts)
        {
            var resolved = new ResolvedMount(mount, options.Optimize ? FileSystemCalls.RealPath(mount.Directory) : null);
            if (mount.IsWholeSite)
            {
                _wholeSite = resolved;
            }
            else
            {
                mounts.Add(resolved);
            }
        }
        _mounts = [.. mounts];
    }

    /// <summary>Finds the script for <paramref name="pathInfo"/> (percent-decoded bytes).</summary>
    /// <param name="pathInfo">PATH_INFO as the front decoded it.</param>
    /// <param name="documentRoot">The request's DOCUMENT_ROOT (nginx sends it), or null.</param>
    public CgiResolution Resolve(ReadOnlySpan<byte> pathInfo, string? documentRoot)
    {
        string path;
        try
        {
            path = StrictUtf8.GetString(pathInfo);
        }
        catch (DecoderFallbackException)
        {
            return _options.FromDocumentRoot || Choose(Encoding.Latin1.GetString(pathInfo)) is not null ? CgiResolution.NotFound : CgiResolution.NotClaimed;
        }
        string? root;
        string prefix;
        bool isScript;
        if (_options.FromDocumentRoot)
        {
            root = string.IsNullOrEmpty(documentRoot) ? null : FileSystemCalls.RealPath(documentRoot);
            prefix = string.Empty;
            isScript = false;
        }
        else
        {
            if (Choose(path) is not { } mount)
            {
                return CgiResolution.NotClaimed;
            }
            root = mount.RealDirectory ?? FileSystemCalls.RealPath(mount.Mount.Directory);
            prefix = mount.Mount.ScriptNamePrefix;
            isScript = root is not null && FileSystemCalls.TryStat(root, out var kind, out _, out _) && kind != FileKind.Directory;
        }
        if (root is null || path.Contains('\0'))
        {
            return CgiResolution.NotFound;
        }
        var rest = path[prefix.Length..];
        return isScript ? ResolveMountedScript(root, prefix, rest) : ResolveInDirectory(root, prefix, path, rest);
    }

    /// <summary>The mount uWSGI picks: the longest mountpoint prefixing the path, else the bare directory.</summary>
    private ResolvedMount? Choose(string path)
    {
        ResolvedMount? best = null;
        foreach (var mount in _mounts)
        {
            if (path.StartsWith(mount.Mount.Mountpoint, StringComparison.Ordinal)
                && (best is null || mount.Mount.Mountpoint.Length > best.Mount.Mountpoint.Length))
            {
                best = mount;
            }
        }
        return best ?? _wholeSite;
    }

    /// <summary>A mount naming one script runs it for every path under the mountpoint; PATH_INFO is the rest.</summary>
    private CgiResolution ResolveMountedScript(string script, string prefix, string rest)
    {
        if (!IsAllowed(script) || !FileSystemCalls.CanExecute(script))
        {
            return CgiResolution.Forbidden;
        }
        var scriptName = prefix.Length > 1 ? prefix : null;
        return new CgiResolution(CgiOutcome.Script, new CgiScript(script, null, script, scriptName, rest, _serverDirectory, null));
    }

    private CgiResolution ResolveInDirectory(string root, string prefix, string path, string rest)
    {
        if (HasParentSegment(rest))
        {
            return new CgiResolution(CgiOutcome.Escaped, EscapedPath: rest, Root: root);
        }
        if (!Walk(root, rest, out var requested, out var pathInfo))
        {
            return CgiResolution.NotFound;
        }
        var real = FileSystemCalls.RealPath(requested);
        if (real is null)
        {
            return CgiResolution.NotFound;
        }
        if (!IsContained(real, root))
        {
            return new CgiResolution(CgiOutcome.Escaped, EscapedPath: real, Root: root);
        }
        if (!FileSystemCalls.TryStat(real, out var kind, out _, out _))
        {
            return CgiResolution.NotFound;
        }
        var scriptPath = requested.Length > root.Length ? requested[(root.Length + 1)..] : string.Empty;
        if (kind == FileKind.Directory)
        {
            if (!path.EndsWith('/'))
            {
                return CgiResolution.RedirectToSlash;
            }
            if (!FindIndex(root, real, out var index, out var indexReal))
            {
                return CgiResolution.NotFound;
            }
            requested = string.Concat(requested.TrimEnd('/'), "/", index);
            scriptPath = string.Concat(scriptPath.TrimEnd('/'), scriptPath.Length == 0 || scriptPath.EndsWith('/') ? string.Empty : "/", index);
            real = indexReal;
            if (!FileSystemCalls.TryStat(real, out kind, out _, out _))
            {
                return CgiResolution.NotFound;
            }
        }
        if (kind != FileKind.Regular || !IsAllowed(real))
        {
            return CgiResolution.Forbidden;
        }
        var interpreter = FindHelper(real);
        if (interpreter is null && !FileSystemCalls.CanExecute(real))
        {
            return CgiResolution.Forbidden;
        }
        var command = _options.DoNotResolve ? requested : real;
        var scriptName = string.Concat(prefix, "/", scriptPath.TrimStart('/'));
        return new CgiResolution(CgiOutcome.Script,
            new CgiScript(command, interpreter, command, scriptName, pathInfo, root, Path.GetDirectoryName(real)));
    }

    /// <summary>
    /// uwsgi_cgi_walk: each component followed by a slash must exist; the first that is not a directory is the script
    /// and PATH_INFO starts at its slash (none when that slash ends the path); otherwise the last component is appended.
    /// </summary>
    private static bool Walk(string root, string rest, out string requested, out string? pathInfo)
    {
        var candidate = new StringBuilder(root.Length + rest.Length + 1).Append(root);
        pathInfo = null;
        var start = rest.StartsWith('/') ? 1 : 0;
        for (var slash = rest.IndexOf('/', start); slash >= 0; slash = rest.IndexOf('/', start))
        {
            if (slash > start)
            {
                candidate.Append('/').Append(rest, start, slash - start);
                var current = candidate.ToString();
                if (!FileSystemCalls.TryStat(current, out var kind, out _, out _))
                {
                    requested = current;
                    return false;
                }
                if (kind != FileKind.Directory)
                {
                    if (slash < rest.Length - 1)
                    {
                        pathInfo = rest[slash..];
                    }
                    requested = current;
                    return true;
                }
            }
            start = slash + 1;
        }
        if (start < rest.Length)
        {
            candidate.Append('/').Append(rest, start, rest.Length - start);
        }
        requested = candidate.ToString();
        return true;
    }

    private bool FindIndex(string root, string directory, out string index, out string real)
    {
        foreach (var name in _options.IndexFiles)
        {
            var candidate = string.Concat(directory, "/", name);
            if (FileSystemCalls.CanRead(candidate) && FileSystemCalls.RealPath(candidate) is { } resolved && IsContained(resolved, root))
            {
                index = name;
                real = resolved;
                return true;
            }
        }
        index = real = string.Empty;
        return false;
    }

    /// <summary>Under the directory at a path boundary, or under a cgi-safe prefix (a bare prefix, as uWSGI compares it).</summary>
    private bool IsContained(string real, string root)
    {
        if (FileSystemCalls.IsWithin(real, root))
        {
            return true;
        }
        foreach (var safe in _options.SafePaths)
        {
            if (real.StartsWith(safe, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private bool IsAllowed(string script)
    {
        if (_options.AllowedExtensions.Count == 0)
        {
            return true;
        }
        foreach (var extension in _options.AllowedExtensions)
        {
            if (script.EndsWith(extension, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private string? FindHelper(string script)
    {
        foreach (var helper in _options.Helpers)
        {
            if (script.EndsWith(helper.Extension, StringComparison.Ordinal))
            {
                return helper.Interpreter;
            }
        }
        return null;
    }

    private static bool HasParentSegment(string path)
    {
        foreach (var segment in path.Split('/'))
        {
            if (segment == "..")
            {
                return true;
            }
        }
        return false;
    }

    private sealed record ResolvedMount(CgiMount Mount, string? RealDirectory);
}
