namespace Gantry.Configuration;

/// <summary>
/// Static file serving as uWSGI configures it (core/static.c), as written: the exe maps it to the server's typed
/// options. Lists are in order of appearance; each property names its uWSGI key. Default: nothing served.
/// </summary>
public sealed record StaticFilesOptions
{
    /// <summary><c>MOUNTPOINT=DIRECTORY</c> (or file): PATH_INFO after the mountpoint is looked up there. uWSGI key <c>static-map</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Maps { get; init; } = [];

    /// <summary><c>MOUNTPOINT=DIRECTORY</c>: the whole PATH_INFO is looked up there. uWSGI key <c>static-map2</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Maps2 { get; init; } = [];

    /// <summary>Directories every PATH_INFO is looked up in first. uWSGI keys <c>check-static</c>, <c>static-check</c>.</summary>
    public IReadOnlyList<string> CheckStatic { get; init; } = [];

    /// <summary>Index files tried for a directory. uWSGI key <c>static-index</c>.</summary>
    public IReadOnlyList<string> IndexFiles { get; init; } = [];

    /// <summary>Suffixes never served. uWSGI key <c>static-skip-ext</c>.</summary>
    public IReadOnlyList<string> SkipExtensions { get; init; } = [];

    /// <summary>Prefixes a symlink may lead to outside its root. uWSGI key <c>static-safe</c>.</summary>
    public IReadOnlyList<string> SafePaths { get; init; } = [];

    /// <summary>mime.types files. uWSGI keys <c>mimefile</c>, <c>mime-file</c>. Default (empty): /etc/mime.types.</summary>
    public IReadOnlyList<string> MimeFiles { get; init; } = [];

    /// <summary>The <c>static-expires*</c> settings, in order of appearance.</summary>
    public IReadOnlyList<StaticExpiresSetting> Expires { get; init; } = [];

    /// <summary>Answer single byte ranges with 206. uWSGI key <c>honour-range</c>. Default false.</summary>
    public bool HonourRange { get; init; }

    /// <summary>
    /// Who sends the file: Gantry itself, or the web server in front, told by an <c>X-Accel-Redirect</c> (nginx) or
    /// <c>X-Sendfile</c> (Apache, lighttpd) header naming it. uWSGI key <c>file-serve-mode</c>. Default: Gantry sends it.
    /// </summary>
    public StaticServeMode FileServeMode { get; init; }

    /// <summary>Seconds a static file name's resolved (realpath) path is kept; 0: resolved on every request. uWSGI key <c>static-cache-paths</c>. Default 0.</summary>
    public int CachePathsSeconds { get; init; }

    /// <summary>Serve the <c>.gz</c> sibling of every file to clients accepting gzip. uWSGI key <c>static-gzip-all</c>. Default false.</summary>
    public bool GzipAll { get; init; }

    /// <summary>Resolved-path prefixes whose files' <c>.gz</c> siblings are served. uWSGI keys <c>static-gzip-dir</c>, <c>static-gzip-prefix</c>.</summary>
    public IReadOnlyList<string> GzipPrefixes { get; init; } = [];

    /// <summary>Resolved-path suffixes whose files' <c>.gz</c> siblings are served. uWSGI keys <c>static-gzip-ext</c>, <c>static-gzip-suffix</c>.</summary>
    public IReadOnlyList<string> GzipSuffixes { get; init; } = [];

    /// <summary>Regular expressions on the resolved path whose files' <c>.gz</c> siblings are served. uWSGI key <c>static-gzip</c>.</summary>
    public IReadOnlyList<string> GzipPatterns { get; init; } = [];

    /// <summary>True when some mapping is configured, so requests must be checked against the file system.</summary>
    public bool IsConfigured => Maps.Count + Maps2.Count + CheckStatic.Count > 0;
}

/// <summary>How a static file reaches the client (uWSGI's file-serve-mode).</summary>
public enum StaticServeMode
{
    /// <summary>Gantry sends it with sendfile(2).</summary>
    Send,

    /// <summary>An empty answer with <c>X-Accel-Redirect: PATH</c>: nginx sends the file.</summary>
    XAccelRedirect,

    /// <summary>An empty answer with <c>X-Sendfile: PATH</c>: Apache's mod_xsendfile or lighttpd sends the file.</summary>
    XSendfile,
}
