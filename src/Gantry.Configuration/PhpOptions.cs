namespace Gantry.Configuration;

/// <summary>
/// A PHP site served through php-fpm with nginx's site semantics (the seed's <c>root</c>, <c>index</c>,
/// <c>try_files</c>, <c>location ~ [^/]\.php(/|$)</c> and Debian's <c>snippets/fastcgi-php.conf</c>), checked and
/// resolved: the exe maps it to the PHP link. uWSGI's php plugin option names where they mean the same; the
/// Gantry-only ones say what uWSGI (which embeds PHP) never needed. Default: no PHP (<see cref="IsConfigured"/> false).
/// </summary>
public sealed record PhpOptions
{
    /// <summary>The nginx default for the two php-fpm timeouts (<c>fastcgi_connect_timeout</c>, <c>fastcgi_read_timeout</c>).</summary>
    public const int DefaultTimeoutSeconds = 60;

    /// <summary>Idle kept-alive connections per php-fpm address and loop thread unless told (nginx's <c>keepalive</c> in an upstream).</summary>
    public const int DefaultKeepAlive = 8;

    /// <summary>nginx's <c>try_files</c> in the seed's <c>location /</c>.</summary>
    public const string DefaultTryFiles = "$uri $uri/ =404";

    /// <summary>Debian's <c>snippets/fastcgi-php.conf</c>: <c>fastcgi_split_path_info ^(.+?\.php)(/.*)$;</c>.</summary>
    public const string DefaultSplitPathInfo = @"^(.+?\.php)(/.*)$";

    /// <summary>The seed's nested <c>location ~ [^/]\.php(/|$)</c>: which URIs go to php-fpm.</summary>
    public const string DefaultLocation = @"[^/]\.php(/|$)";

    /// <summary>nginx's <c>index index.php</c> of fastcgi-php sites and uWSGI's php-index default: one shared list, so records built from nothing compare equal.</summary>
    public static readonly IReadOnlyList<string> DefaultIndexFiles = ["index.php"];

    /// <summary>The suffix scripts must end with unless php-allowed-ext says otherwise (one shared list).</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedExtensions = [".php"];

    /// <summary>The document root, absolute (nginx <c>root</c>). uWSGI key <c>php-docroot</c>. Default: none.</summary>
    public string? DocumentRoot { get; init; }

    /// <summary>php-fpm addresses (TCP <c>host:port</c> or a unix socket path), tried in turn. Gantry key <c>php-fpm</c>. Default: none.</summary>
    public IReadOnlyList<string> FpmAddresses { get; init; } = [];

    /// <summary>Names tried in order for a directory (nginx <c>index</c>). uWSGI key <c>php-index</c>. Default: <c>index.php</c>.</summary>
    public IReadOnlyList<string> IndexFiles { get; init; } = DefaultIndexFiles;

    /// <summary>Suffixes a script must end with, else 403. uWSGI key <c>php-allowed-ext</c>. Default: <c>.php</c>.</summary>
    public IReadOnlyList<string> AllowedExtensions { get; init; } = DefaultAllowedExtensions;

    /// <summary>Directories (absolute) a script's real path must lie in, besides the root. uWSGI key <c>php-allowed-docroot</c>. Default: none (the root).</summary>
    public IReadOnlyList<string> AllowedDocumentRoots { get; init; } = [];

    /// <summary>The only scripts (absolute real paths) that may run; others 403. uWSGI key <c>php-allowed-script</c>. Default: none (any).</summary>
    public IReadOnlyList<string> AllowedScripts { get; init; } = [];

    /// <summary>
    /// A script (URI path in the root, e.g. <c>/index.php</c>) that answers every request the site gets (static files
    /// of the root included, as uWSGI's php-app). uWSGI key <c>php-app</c>. Default: none.
    /// </summary>
    public string? App { get; init; }

    /// <summary>nginx's try_files for the non-PHP URIs: <c>$uri</c>, <c>$uri/</c>, then <c>=CODE</c>, a URI (front controller) or <c>@app</c>. Gantry key <c>php-try-files</c> (uWSGI's <c>php-fallback</c> sets its last item). Default <see cref="DefaultTryFiles"/>.</summary>
    public string TryFiles { get; init; } = DefaultTryFiles;

    /// <summary>The regex splitting a PHP URI into the script and PATH_INFO (two groups). Gantry key <c>php-split-path-info</c>. Default <see cref="DefaultSplitPathInfo"/>.</summary>
    public string SplitPathInfo { get; init; } = DefaultSplitPathInfo;

    /// <summary>The regex choosing the URIs that go to php-fpm. Gantry key <c>php-location</c>. Default <see cref="DefaultLocation"/>.</summary>
    public string Location { get; init; } = DefaultLocation;

    /// <summary>URI prefixes (upload directories) under which no script ever runs: 403. Gantry key <c>php-no-exec</c>. Default: none.</summary>
    public IReadOnlyList<string> NoExecutePrefixes { get; init; } = [];

    /// <summary><c>name=value</c> PHP ini settings sent as PHP_VALUE with each request. uWSGI key <c>php-set</c>. Default: none.</summary>
    public IReadOnlyList<string> IniSettings { get; init; } = [];

    /// <summary><c>NAME=value</c> FastCGI params added or replaced. uWSGI key <c>php-var</c>. Default: none.</summary>
    public IReadOnlyList<string> Variables { get; init; } = [];

    /// <summary>SERVER_SOFTWARE for the scripts. uWSGI key <c>php-server-software</c>. Default: null (gantry/VERSION).</summary>
    public string? ServerSoftware { get; init; }

    /// <summary>Idle connections kept open per php-fpm address and loop thread (FCGI_KEEP_CONN); 0 closes each after its request. Gantry key <c>php-fpm-keepalive</c>. Default 8.</summary>
    public int KeepAlive { get; init; } = DefaultKeepAlive;

    /// <summary>
    /// Connections open at once per php-fpm address and loop thread; requests beyond wait in a queue for the next one
    /// that is free (nginx's upstream <c>max_conns</c>, which answers 502 instead of queueing); 0 = no limit, as nginx.
    /// At or below pm.max_children, kept connections are reused instead of waiting in php-fpm's listen queue. Gantry key
    /// <c>php-fpm-max-conns</c>. Default 0.
    /// </summary>
    public int MaxConnections { get; init; }

    /// <summary>Seconds a connect to php-fpm may take. Gantry key <c>php-fpm-connect-timeout</c>. Default 60.</summary>
    public int ConnectTimeout { get; init; } = DefaultTimeoutSeconds;

    /// <summary>Seconds between two reads from (or writes to) php-fpm before the request ends with 504. Gantry key <c>php-fpm-read-timeout</c>. Default 60.</summary>
    public int ReadTimeout { get; init; } = DefaultTimeoutSeconds;

    /// <summary>
    /// What happens to the php-fpm request of a client that went away before its response ended (docs/php.md "A client
    /// that leaves"). Gantry key <c>php-fpm-client-abort</c>. Default <see cref="PhpClientAbort.Drain"/>.
    /// </summary>
    public PhpClientAbort ClientAbort { get; init; } = PhpClientAbort.Drain;

    /// <summary>True when a PHP site is configured: a document root and a php-fpm to pass scripts to.</summary>
    public bool IsConfigured => DocumentRoot is not null && FpmAddresses.Count > 0;
}

/// <summary>What a php-fpm request whose client went away becomes (<c>php-fpm-client-abort</c>).</summary>
public enum PhpClientAbort
{
    /// <summary>
    /// php-fpm's answer is read to its END_REQUEST and discarded, within php-fpm-read-timeout, and the kept connection
    /// goes back to the pool (nginx's <c>fastcgi_ignore_client_abort on</c>); without keep-alive, as <see cref="Close"/>.
    /// </summary>
    Drain,

    /// <summary>
    /// FCGI_ABORT_REQUEST is sent (FastCGI 1.0 §5.4), then the answer is drained as with <see cref="Drain"/>. php-fpm
    /// ignores the record while a script runs and closes the connection after it (main/fastcgi.c reads it as the next
    /// request's first record), so with php-fpm the connection is not kept.
    /// </summary>
    Abort,

    /// <summary>The php-fpm connection is closed at once (nginx's default, <c>fastcgi_ignore_client_abort off</c>).</summary>
    Close,
}
