using System.Text;
using System.Text.RegularExpressions;
using Gantry.Configuration;
using Gantry.Posix.Files;

namespace Gantry.Php.Site;

/// <summary>
/// The seed's nginx site, decided per request without I/O beyond stat and realpath:
/// <code>
///   root ROOT; index INDEX…;
///   location / {
///       try_files $uri $uri/ =404;                      # php-try-files
///       location ~ [^/]\.php(/|$) {                     # php-location
///           fastcgi_split_path_info ^(.+?\.php)(/.*)$;  # php-split-path-info
///           try_files $fastcgi_script_name =404;        # a script that does not exist is never passed on
///           fastcgi_pass …;                             # php-fpm
///       }
///   }
/// </code>
/// The path is the decoded request path (PATH_INFO from the front), merged as nginx merges it (<c>//</c>, <c>/./</c>,
/// <c>/../</c>; above the root is a 400). A script must be a regular file whose real path lies in the root (or a
/// php-allowed-docroot), end with an allowed suffix, and not lie under a php-no-exec prefix; anything else is refused
/// before php-fpm sees it, which closes cgi.fix_pathinfo's hole (<c>/uploads/x.jpg/y.php</c> is a 404 here, never
/// x.jpg run as PHP). An index file goes through the same locations as a request (index.php is a script, index.html
/// a file), as nginx's internal redirect does. Thread-safe: immutable.
/// </summary>
internal sealed class PhpSiteResolver
{
    /// <summary>nginx's limit on internal redirects (NGX_HTTP_MAX_URI_CHANGES is 10): a loop is a 500.</summary>
    private const int MaxRedirects = 10;

    private readonly PhpOptions _options;
    private readonly string _root;
    private readonly string? _realRoot;
    private readonly Regex _location;
    private readonly Regex _split;
    private readonly PhpTryFiles _tryFiles;

    public PhpSiteResolver(PhpOptions options)
    {
        _options = options;
        _root = options.DocumentRoot!.TrimEnd('/');
        _realRoot = FileSystemCalls.RealPath(_root.Length == 0 ? "/" : _root);
        _location = new Regex(options.Location, RegexOptions.CultureInvariant);
        _split = new Regex(options.SplitPathInfo, RegexOptions.CultureInvariant);
        _tryFiles = PhpTryFiles.Parse(options.TryFiles);
    }

    /// <summary>$document_root, as configured (nginx does not resolve it either).</summary>
    public string Root => _root.Length == 0 ? "/" : _root;

    public PhpTryFiles TryFiles => _tryFiles;

    /// <summary>Decides for the decoded request path <paramref name="path"/> and its query.</summary>
    public PhpResolution Resolve(ReadOnlySpan<byte> path, ReadOnlySpan<byte> query)
    {
        if (path.IndexOf((byte)0) >= 0 || Merge(Encoding.UTF8.GetString(path)) is not { } uri)
        {
            return PhpResolution.WithStatus("400 Bad Request");
        }
        if (_options.App is { } app)
        {
            return ResolveScript(app, null);
        }
        byte[]? queryOverride = null;
        for (var redirects = 0; redirects <= MaxRedirects; redirects++)
        {
            var resolution = ResolveUri(uri, queryOverride, query, out var next);
            if (next is null)
            {
                return resolution;
            }
            // An internal redirect: try-files' fallback URI, or a directory's index; locations are matched again.
            if (next.Value.Query is { } nextQuery)
            {
                queryOverride = nextQuery;
            }
            uri = next.Value.Uri;
        }
        return new PhpResolution { Outcome = PhpOutcome.Status, Status = "500 Internal Server Error", Uri = uri, EscapedPath = "redirect loop" };
    }

    /// <summary>One pass through the locations; <paramref name="next"/> is set for an internal redirect.</summary>
    private PhpResolution ResolveUri(string uri, byte[]? query, ReadOnlySpan<byte> requestQuery, out (string Uri, byte[]? Query)? next)
    {
        next = null;
        if (_location.IsMatch(uri))
        {
            return ResolveScript(uri, query);
        }
        var path = _root + uri;
        FileSystemCalls.TryStat(path, out var kind, out _, out _);
        if (_tryFiles.TriesFile && kind == FileKind.Regular && !uri.EndsWith('/'))
        {
            return Contained(path) is { } escaped ? escaped : new PhpResolution { Outcome = PhpOutcome.Static, Uri = uri, Query = query };
        }
        if (_tryFiles.TriesDirectory && kind == FileKind.Directory)
        {
            // The root itself ("/", the commonest URI) is inside the root: its realpath (a readlink per component) is saved.
            if (uri != "/" && Contained(path) is { } escaped)
            {
                return escaped;
            }
            if (!uri.EndsWith('/'))
            {
                return new PhpResolution { Outcome = PhpOutcome.RedirectToSlash, Uri = uri, Query = query };
            }
            foreach (var index in _options.IndexFiles)
            {
                FileSystemCalls.TryStat(path + index, out var indexKind, out _, out _);
                if (indexKind == FileKind.Regular)
                {
                    next = (uri + index, query);
                    return null!;
                }
            }
            // nginx: "directory index of … is forbidden" (autoindex off).
            return PhpResolution.WithStatus("403 Forbidden");
        }
        if (_tryFiles.FallbackUri is { } fallback)
        {
            next = (fallback, _tryFiles.FallbackQuery is null ? query : _tryFiles.ExpandQuery(requestQuery));
            return null!;
        }
        if (_tryFiles.Declines)
        {
            return new PhpResolution { Outcome = PhpOutcome.Declined, Uri = uri };
        }
        return PhpResolution.WithStatus(StatusLine(_tryFiles.Code));
    }

    private PhpResolution ResolveScript(string uri, byte[]? query)
    {
        string script = uri, pathInfo = string.Empty;
        var split = _split.Match(uri);
        if (split.Success && split.Groups.Count > 2)
        {
            script = split.Groups[1].Value;
            pathInfo = split.Groups[2].Value;
        }
        foreach (var prefix in _options.NoExecutePrefixes)
        {
            if (script.StartsWith(prefix, StringComparison.Ordinal))
            {
                return PhpResolution.WithStatus("403 Forbidden");
            }
        }
        var fileName = _root + script;
        // try_files $fastcgi_script_name =404: a script that is not a regular file is never passed to php-fpm.
        if (!FileSystemCalls.TryStat(fileName, out var kind, out _, out _) || kind != FileKind.Regular)
        {
            return PhpResolution.WithStatus("404 Not Found");
        }
        if (!_options.AllowedExtensions.Any(extension => script.EndsWith(extension, StringComparison.Ordinal)))
        {
            return PhpResolution.WithStatus("403 Forbidden");
        }
        var real = FileSystemCalls.RealPath(fileName);
        if (real is null || _realRoot is null)
        {
            return PhpResolution.WithStatus("404 Not Found");
        }
        if (!FileSystemCalls.IsWithin(real, _realRoot) && !_options.AllowedDocumentRoots.Any(root => FileSystemCalls.IsWithin(real, root)))
        {
            return new PhpResolution { Outcome = PhpOutcome.Escaped, EscapedPath = real, Uri = uri };
        }
        if (_options.AllowedScripts.Count > 0 && !_options.AllowedScripts.Contains(real) && !_options.AllowedScripts.Contains(fileName))
        {
            return PhpResolution.WithStatus("403 Forbidden");
        }
        return new PhpResolution
        {
            Outcome = PhpOutcome.Script,
            Uri = uri,
            ScriptName = script,
            PathInfo = pathInfo,
            ScriptFileName = fileName,
            Query = query,
        };
    }

    /// <summary>Null when <paramref name="path"/>'s real path lies in the root, else the <see cref="PhpOutcome.Escaped"/> answer.</summary>
    private PhpResolution? Contained(string path)
    {
        var real = FileSystemCalls.RealPath(path);
        if (real is not null && _realRoot is not null && FileSystemCalls.IsWithin(real, _realRoot))
        {
            return null;
        }
        return new PhpResolution { Outcome = PhpOutcome.Escaped, EscapedPath = real ?? path };
    }

    /// <summary>
    /// nginx's URI normalisation (ngx_http_parse_complex_uri with merge_slashes on): repeated slashes merged, "." segments
    /// dropped, ".." removes the segment before it; null when ".." would climb above the root (nginx answers 400).
    /// </summary>
    internal static string? Merge(string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            path = "/" + path;
        }
        var segments = new List<string>();
        var parts = path.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            if (part.Length == 0 && !last)
            {
                continue;
            }
            if (part == ".")
            {
                if (last)
                {
                    segments.Add(string.Empty);
                }
                continue;
            }
            if (part == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }
                segments.RemoveAt(segments.Count - 1);
                if (last)
                {
                    segments.Add(string.Empty);
                }
                continue;
            }
            segments.Add(part);
        }
        return "/" + string.Join('/', segments);
    }

    private static string StatusLine(int code) => code switch
    {
        404 => "404 Not Found",
        403 => "403 Forbidden",
        410 => "410 Gone",
        500 => "500 Internal Server Error",
        503 => "503 Service Unavailable",
        _ => $"{code} {Encoding.ASCII.GetString(Gantry.Protocols.Cgi.CgiReasonPhrases.Get(code))}",
    };
}
