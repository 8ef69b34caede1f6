namespace Gantry.Configuration;

/// <summary>
/// CGI scripts as uWSGI's cgi plugin runs them (plugins/cgi/cgi_plugin.c, 2.0.21), checked and resolved: the exe maps
/// it to the CGI host. Lists are in order of appearance; each property names its uWSGI key and its default. Default:
/// no CGI (<see cref="IsConfigured"/> false).
/// </summary>
public sealed record CgiOptions
{
    /// <summary>
    /// Script directories (or single scripts) and their mountpoints. uWSGI key <c>cgi</c>. Each mountpoint appears
    /// once: uWSGI uses the first mount of a mountpoint and the last bare directory, so the others are dropped (with a
    /// warning). Default: none.
    /// </summary>
    public IReadOnlyList<CgiMount> Mounts { get; init; } = [];

    /// <summary>Programs that run scripts by file-name suffix, first match wins. uWSGI keys <c>cgi-helper</c>, <c>cgi-map-helper</c>. Default: none (scripts run themselves).</summary>
    public IReadOnlyList<CgiHelper> Helpers { get; init; } = [];

    /// <summary>Names tried in order in a requested directory (readable wins); without one a directory is 404. uWSGI key <c>cgi-index</c>. Default: none.</summary>
    public IReadOnlyList<string> IndexFiles { get; init; } = [];

    /// <summary>
    /// Suffixes a script's resolved path must end with, else 403 (byte for byte: <c>.cgi</c> or <c>cgi</c>). uWSGI key
    /// <c>cgi-allowed-ext</c>. Default: none (every suffix allowed).
    /// </summary>
    public IReadOnlyList<string> AllowedExtensions { get; init; } = [];

    /// <summary>
    /// Prefixes a script's real path may start with although it lies outside its directory (a symlink out of it);
    /// compared as plain string prefixes, as uWSGI. uWSGI key <c>cgi-safe</c>. Default: none (a script must resolve inside
    /// its directory).
    /// </summary>
    public IReadOnlyList<string> SafePaths { get; init; } = [];

    /// <summary>Environment variables removed from a script's environment after the request variables are set. uWSGI key <c>cgi-unset</c>. Default: none.</summary>
    public IReadOnlyList<string> UnsetVariables { get; init; } = [];

    /// <summary>
    /// Seconds one write of the request body to a script, or one read of its output, may wait (an inactivity timeout, not
    /// a limit on the script's run time); then the script is killed. uWSGI key <c>cgi-timeout</c>; 0 means the default.
    /// Default 60.
    /// </summary>
    public int Timeout { get; init; } = 60;

    /// <summary>Bytes read from a script at a time; its response head must fit in them. uWSGI key <c>cgi-buffer-size</c>; 0 means the default. Default 65536.</summary>
    public int BufferSize { get; init; } = 65536;

    /// <summary>
    /// Take scripts from the request's DOCUMENT_ROOT (sent by nginx) instead of <see cref="Mounts"/>, which are then not
    /// used. uWSGI key <c>cgi-from-docroot</c>. Default false.
    /// </summary>
    public bool FromDocumentRoot { get; init; }

    /// <summary>Resolve the mounts' real paths once at start-up instead of on every request. uWSGI keys <c>cgi-optimize</c>, <c>cgi-optimized</c>. Default false.</summary>
    public bool Optimize { get; init; }

    /// <summary>Do not SIGKILL a script after a timeout, an invalid response or a failed write to the client. uWSGI key <c>cgi-do-not-kill-on-error</c>. Default false.</summary>
    public bool DoNotKillOnError { get; init; }

    /// <summary>Close the script's stdin once the whole request body is written (else it closes after the response). uWSGI key <c>cgi-close-stdin-on-eof</c>. Default false.</summary>
    public bool CloseStdinOnEof { get; init; }

    /// <summary>
    /// Run the script through the path as requested (a symlink stays the name in argv and SCRIPT_FILENAME) instead of its
    /// real path; the containment check still uses the real path. uWSGI key <c>cgi-dontresolve</c> (uWSGI master, not in
    /// 2.0.21). Default false.
    /// </summary>
    public bool DoNotResolve { get; init; }

    /// <summary>True when some request can reach a script: a mount, or <see cref="FromDocumentRoot"/>.</summary>
    public bool IsConfigured => Mounts.Count > 0 || FromDocumentRoot;
}
