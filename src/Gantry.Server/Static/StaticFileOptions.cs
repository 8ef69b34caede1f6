namespace Gantry.Server.Static;

/// <summary>
/// Which requests are answered from the file system before the application sees them (uWSGI core/protocol.c,
/// core/static.c). Mapped by the exe from <c>check-static</c>, <c>static-map</c>, <c>static-map2</c> and friends.
/// </summary>
public sealed record StaticFileOptions
{
    /// <summary>Tried in order: uWSGI checks every <c>check-static</c>, then <c>static-map</c>, then <c>static-map2</c>. Default: none.</summary>
    public IReadOnlyList<StaticMapping> Mappings { get; init; } = [];

    /// <summary>Files tried, in order, when a request names a directory. uWSGI key <c>static-index</c>. Default: none.</summary>
    public IReadOnlyList<string> IndexFiles { get; init; } = [];

    /// <summary>Request paths and files ending with one of these are never served. uWSGI key <c>static-skip-ext</c>. Default: none.</summary>
    public IReadOnlyList<string> SkipExtensions { get; init; } = [];

    /// <summary>Prefixes a resolved file may lie under although it left its root through a symlink. uWSGI key <c>static-safe</c>. Default: none.</summary>
    public IReadOnlyList<string> SafePaths { get; init; } = [];

    /// <summary>mime.types files read once at start-up, first mention of an extension wins. uWSGI key <c>mimefile</c>. Default /etc/mime.types.</summary>
    public IReadOnlyList<string> MimeFiles { get; init; } = ["/etc/mime.types"];

    /// <summary>Rules adding an Expires header. uWSGI keys <c>static-expires*</c>. Default: none.</summary>
    public IReadOnlyList<StaticExpiresRule> Expires { get; init; } = [];

    /// <summary>Answer a single <c>Range: bytes=</c> request with 206 (RFC 9110 §14). uWSGI key <c>honour-range</c>. Default false.</summary>
    public bool HonourRange { get; init; }

    /// <summary>
    /// The header that hands the file to the web server in front instead of sending it (<c>X-Accel-Redirect</c> for
    /// nginx, <c>X-Sendfile</c> for Apache and lighttpd); null: Gantry sends it. uWSGI key <c>file-serve-mode</c>. Default null.
    /// </summary>
    public string? OffloadHeader { get; init; }

    /// <summary>
    /// Seconds the canonical path of a looked-up file name is kept (<see cref="StaticPathCache"/>); 0 resolves every
    /// request. uWSGI key <c>static-cache-paths</c>. Default 0.
    /// </summary>
    public int CachePathsSeconds { get; init; }

    /// <summary>Look for a <c>.gz</c> sibling of every file. uWSGI key <c>static-gzip-all</c>. Default false.</summary>
    public bool GzipAll { get; init; }

    /// <summary>Look for a <c>.gz</c> sibling of files whose resolved path starts with one of these. uWSGI keys <c>static-gzip-dir</c>, <c>static-gzip-prefix</c>. Default: none.</summary>
    public IReadOnlyList<string> GzipPrefixes { get; init; } = [];

    /// <summary>Look for a <c>.gz</c> sibling of files whose resolved path ends with one of these. uWSGI keys <c>static-gzip-ext</c>, <c>static-gzip-suffix</c>. Default: none.</summary>
    public IReadOnlyList<string> GzipSuffixes { get; init; } = [];

    /// <summary>Look for a <c>.gz</c> sibling of files whose resolved path one of these regular expressions matches. uWSGI key <c>static-gzip</c>. Default: none.</summary>
    public IReadOnlyList<string> GzipPatterns { get; init; } = [];
}
