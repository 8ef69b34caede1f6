namespace Gantry.Configuration;

/// <summary>
/// Everything Gantry's front ends and application hosts need from the configuration, after the command line,
/// ini files and <c>UWSGI_*</c> environment variables are merged and validated. Immutable.
/// Each property names its uWSGI key and its default.
/// </summary>
public sealed record GantryOptions
{
    /// <summary>
    /// Addresses served with HTTP/1.1 by Gantry's own loop. uWSGI keys <c>http</c> (which in uWSGI starts a router
    /// process), <c>http-socket</c> and <c>http11-socket</c>, plus <c>socket</c> when <c>protocol = http</c>. Default: none.
    /// </summary>
    public IReadOnlyList<string> HttpSockets { get; init; } = [];

    /// <summary>
    /// HTTPS sockets, served by Kestrel (TLS, HTTP/1.1 and, with <see cref="Http2"/>, HTTP/2) into the same loops. uWSGI
    /// keys <c>https</c> and <c>https-socket</c> (<c>addr,cert,key[,ciphers[,ca]]</c>). Default: none.
    /// </summary>
    public IReadOnlyList<HttpsSocketOptions> HttpsSockets { get; init; } = [];

    /// <summary>Certificates chosen by the TLS server name (SNI) on every HTTPS socket. uWSGI key <c>sni</c>. Default: none.</summary>
    public IReadOnlyList<SniCertificateOptions> SniCertificates { get; init; } = [];

    /// <summary>Plain HTTP sockets that redirect every request to HTTPS (uWSGI's <c>http-to-https</c>). Default none.</summary>
    public IReadOnlyList<HttpsRedirectSocketOptions> HttpsRedirectSockets { get; init; } = [];

    /// <summary>
    /// The <c>Strict-Transport-Security</c> value added to HTTPS responses that lack one (Gantry-only <c>https-hsts</c>,
    /// RFC 6797), e.g. <c>max-age=31536000; includeSubDomains</c>; null (the default) adds none.
    /// </summary>
    public string? HttpsHsts { get; init; }

    /// <summary>Offer HTTP/2 (h2 by ALPN) on the HTTPS sockets. Gantry-only key <c>http2</c>. Default false.</summary>
    public bool Http2 { get; init; }

    /// <summary>Log TLS handshake failures (Kestrel's connection log at debug level). uWSGI key <c>ssl-verbose</c>. Default false.</summary>
    public bool SslVerbose { get; init; }

    /// <summary>
    /// Staple OCSP answers to TLS handshakes, fetched in the background from each certificate's responder (its AIA OCSP
    /// URL). Gantry-only key <c>ssl-stapling</c> (nginx's <c>ssl_stapling on</c>). Default false.
    /// </summary>
    public bool SslStapling { get; init; }

    /// <summary>Addresses speaking the uwsgi binary protocol. uWSGI keys <c>socket</c>, <c>uwsgi-socket</c>, <c>-s</c>. Default: none.</summary>
    public IReadOnlyList<string> UwsgiSockets { get; init; } = [];

    /// <summary>Addresses speaking FastCGI. uWSGI keys <c>fastcgi-socket</c>, or <c>socket</c> with <c>protocol = fastcgi</c>. Default: none.</summary>
    public IReadOnlyList<string> FastCgiSockets { get; init; } = [];

    /// <summary>The Python file defining the WSGI callable. uWSGI keys <c>wsgi-file</c>, <c>file</c>. Default: none.</summary>
    public string? WsgiFile { get; init; }

    /// <summary>The module defining the WSGI callable, without any <c>:callable</c> suffix. uWSGI keys <c>module</c>, <c>wsgi</c>, <c>-w</c>. Default: none.</summary>
    public string? Module { get; init; }

    /// <summary>
    /// Name of the WSGI callable. uWSGI key <c>callable</c>; a <c>module</c> written <c>pkg.mod:name</c> overrides it.
    /// Default <c>application</c>.
    /// </summary>
    public string Callable { get; init; } = "application";

    /// <summary>Directory to change into before loading the application. uWSGI key <c>chdir</c>. Default: none (stay put).</summary>
    public string? Chdir { get; init; }

    /// <summary>Directories (or globs) added to <c>sys.path</c>, in order. uWSGI keys <c>pythonpath</c>, <c>python-path</c>, <c>pp</c>. Default: none.</summary>
    public IReadOnlyList<string> PythonPath { get; init; } = [];

    /// <summary>Virtualenv or PYTHONHOME. uWSGI keys <c>home</c>, <c>virtualenv</c>, <c>venv</c>, <c>pyhome</c>, <c>-H</c>. Default: none.</summary>
    public string? PythonHome { get; init; }

    /// <summary>Path of the libpython shared library to embed. Gantry-only key <c>python-library</c>. Default: none (found automatically).</summary>
    public string? PythonLibrary { get; init; }

    /// <summary>
    /// What runs Python: <c>library</c> (libpython embedded in gantry) or <c>executable</c> (the Python-bearing process
    /// becomes the python executable with gantry.so loaded into it). Gantry-only key <c>python-host</c>. Default: library.
    /// </summary>
    public string PythonHost { get; init; } = "library";

    /// <summary>A master runs (master, or more than one process, as uWSGI): this process supervises workers, it serves nothing itself.</summary>
    public bool RunsMaster => Master || Processes > 1;

    /// <summary>True when <see cref="PythonHost"/> is <c>executable</c>.</summary>
    public bool PythonHostedByExecutable => PythonHost == "executable";

    /// <summary>Environment variables set before the application loads, in order. uWSGI key <c>env</c> (<c>KEY=VALUE</c>). Default: none.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>
    /// More applications as <c>MOUNTPOINT=APP</c> pairs, in order (APP: a <c>.py</c>/<c>.wsgi</c> file, else
    /// <c>pkg.mod[:callable]</c>). uWSGI keys <c>mount</c>, <c>worker-mount</c>. Default: none.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Mounts { get; init; } = [];

    /// <summary>Pick the mounted app by the longest mountpoint prefixing PATH_INFO and move it to SCRIPT_NAME. uWSGI key <c>manage-script-name</c>. Default false.</summary>
    public bool ManageScriptName { get; init; }

    /// <summary>Never pick the mounted app by SCRIPT_NAME. uWSGI key <c>ignore-script-name</c>. Default false.</summary>
    public bool IgnoreScriptName { get; init; }

    /// <summary>Answer 500 instead of using the default app when no mountpoint matches. uWSGI key <c>no-default-app</c>. Default false.</summary>
    public bool NoDefaultApp { get; init; }

    /// <summary>Exit when the application cannot be loaded. uWSGI key <c>need-app</c>. Null when not given: then Gantry
    /// exits when a configured app fails to load (uWSGI 2.0 would answer 500 for ever; see docs/compatibility.md).</summary>
    public bool? NeedApp { get; init; }

    /// <summary>
    /// Largest request header block (HTTP) or uwsgi packet accepted, in bytes. uWSGI key <c>buffer-size</c>, <c>-b</c>.
    /// Default 65535 (uWSGI's is 4096, which rejects ordinary browser cookies); at most 65535.
    /// </summary>
    public int BufferSize { get; init; } = 65535;

    /// <summary>Turn off per-request logging. uWSGI keys <c>disable-logging</c>, <c>-L</c>. Default false.</summary>
    public bool DisableLogging { get; init; }

    /// <summary>Template of the request log line (uWSGI variables). uWSGI keys <c>log-format</c>, <c>logformat</c>. Default none.</summary>
    public string? LogFormat { get; init; }

    /// <summary>Request log lines as JSON objects. Gantry key <c>log-json</c>. Default false.</summary>
    public bool LogJson { get; init; }

    /// <summary>Log X-Forwarded-For as the client address. uWSGI key <c>log-x-forwarded-for</c>. Default false.</summary>
    public bool LogXForwardedFor { get; init; }

    /// <summary>Request times in µs in the default line. uWSGI key <c>log-micros</c>. Default false.</summary>
    public bool LogMicros { get; init; }

    /// <summary>Log requests slower than this many ms even with disable-logging; 0 = no. uWSGI key <c>log-slow</c>. Default 0.</summary>
    public int LogSlow { get; init; }

    /// <summary>Log 4xx responses even with disable-logging. uWSGI key <c>log-4xx</c>. Default false.</summary>
    public bool Log4xx { get; init; }

    /// <summary>Log 5xx responses even with disable-logging. uWSGI key <c>log-5xx</c>. Default false.</summary>
    public bool Log5xx { get; init; }

    /// <summary>Log responses above this many bytes even with disable-logging; 0 = no. uWSGI key <c>log-big</c>. Default 0.</summary>
    public long LogBig { get; init; }

    /// <summary>Log empty responses even with disable-logging. uWSGI key <c>log-zero</c>. Default false.</summary>
    public bool LogZero { get; init; }

    /// <summary>
    /// Request bodies larger than this many bytes are spooled to a temporary file. uWSGI key <c>post-buffering</c>.
    /// Default 0, meaning Gantry's own threshold of 1 MiB.
    /// </summary>
    public long PostBuffering { get; init; }

    /// <summary>Largest request body accepted, in bytes; 0 means unlimited. uWSGI key <c>limit-post</c>. Default 0.</summary>
    public long LimitPost { get; init; }

    /// <summary>Seconds a socket read or write may stall. uWSGI keys <c>socket-timeout</c>, <c>-z</c>. Default 4.</summary>
    public int SocketTimeout { get; init; } = 4;

    /// <summary>
    /// Seconds a whole request head may take to arrive, however it trickles. uWSGI key <c>http-headers-timeout</c>
    /// (its HTTP router's), Gantry alias <c>request-head-timeout</c>. Default 30.
    /// </summary>
    public int RequestHeadTimeout { get; init; } = 30;

    /// <summary>Seconds an idle keep-alive HTTP connection is kept. uWSGI key <c>http-timeout</c>. Default 60.</summary>
    public int HttpTimeout { get; init; } = 60;

    /// <summary>Slowest average request body accepted, bytes per second after 5 s; 0 = none. Gantry key <c>min-body-rate</c>. Default 240.</summary>
    public int MinBodyRate { get; init; } = 240;

    /// <summary>Most connections one process holds at once; 0 = no limit. Gantry key <c>max-connections</c>. Default 0.</summary>
    public int MaxConnections { get; init; }

    /// <summary>The open-file limit (soft and hard) set at start-up; 0 = leave it. uWSGI <c>max-fd</c>. Default 0.</summary>
    public int MaxFd { get; init; }

    /// <summary>
    /// Leave TCP_DEFER_ACCEPT off on TCP sockets (on by default, as uWSGI, for <see cref="SocketTimeout"/> seconds: a
    /// connection is accepted once its first bytes arrived). uWSGI key <c>no-defer-accept</c>. Default false.
    /// </summary>
    public bool NoDeferAccept { get; init; }

    /// <summary>Listen backlog of every socket. uWSGI keys <c>listen</c>, <c>-l</c>. Default 100.</summary>
    public int Listen { get; init; } = 100;

    /// <summary>
    /// Run a master process that supervises the workers. uWSGI keys <c>master</c>, <c>-M</c>; <c>stats</c> turns it on too,
    /// as in uWSGI. Default false.
    /// </summary>
    public bool Master { get; init; }

    /// <summary>Number of worker processes. uWSGI keys <c>processes</c>, <c>workers</c>, <c>-p</c>. Default 1.</summary>
    public int Processes { get; init; } = 1;

    /// <summary>Cheaper mode: fewest workers kept running (0 = off, all processes run). uWSGI key <c>cheaper</c>. Default 0.</summary>
    public int Cheaper { get; init; }

    /// <summary>Workers started at boot in cheaper mode (0 = <see cref="Cheaper"/>). uWSGI key <c>cheaper-initial</c>. Default 0.</summary>
    public int CheaperInitial { get; init; }

    /// <summary>Most workers started at once under load. uWSGI key <c>cheaper-step</c>. Default 1.</summary>
    public int CheaperStep { get; init; } = 1;

    /// <summary>Seconds of all workers busy before more start. uWSGI key <c>cheaper-overload</c>. Default 3.</summary>
    public int CheaperOverload { get; init; } = 3;

    /// <summary>Total resident bytes of the workers above which cheaper mode starts no more; 0 = none. uWSGI key <c>cheaper-rss-limit-soft</c>. Default 0.</summary>
    public long CheaperRssLimitSoft { get; init; }

    /// <summary>Total resident bytes above which cheaper mode stops idle workers; 0 = none. uWSGI key <c>cheaper-rss-limit-hard</c>. Default 0.</summary>
    public long CheaperRssLimitHard { get; init; }

    /// <summary>Threads per worker. uWSGI key <c>threads</c>. Default 1.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Let the application start its own Python threads. uWSGI keys <c>enable-threads</c>, <c>-T</c>; also true when
    /// <c>threads</c> is more than 1 (as in uWSGI). Default false.
    /// </summary>
    public bool EnableThreads { get; init; }

    /// <summary>Remove unix sockets and the pid file on exit. uWSGI key <c>vacuum</c>. Default false.</summary>
    public bool Vacuum { get; init; }

    /// <summary>SIGTERM shuts down instead of reloading. uWSGI key <c>die-on-term</c>. Default false.</summary>
    public bool DieOnTerm { get; init; }

    /// <summary>As an emperor's vassal, seconds between heartbeats sent to the emperor; 0 sends none. uWSGI key <c>heartbeat</c>. Default 0.</summary>
    public int Heartbeat { get; init; }

    /// <summary>Seconds a request may run before its worker is killed; 0 disables. uWSGI keys <c>harakiri</c>, <c>-t</c>. Default 0.</summary>
    public int Harakiri { get; init; }

    /// <summary>Log the killed worker's current syscall and wait channel too. uWSGI key <c>harakiri-verbose</c>. Default false.</summary>
    public bool HarakiriVerbose { get; init; }

    /// <summary>Requests after which a worker recycles itself; 0 = never. uWSGI keys <c>max-requests</c>, <c>-R</c>. Default 0.</summary>
    public long MaxRequests { get; init; }

    /// <summary>Seconds a worker runs before max-requests or reload-on-rss may recycle it. uWSGI key <c>min-worker-lifetime</c>. Default 10.</summary>
    public int MinWorkerLifetime { get; init; } = 10;

    /// <summary>Seconds after which the master recycles a worker; 0 = never. uWSGI key <c>max-worker-lifetime</c>. Default 0.</summary>
    public int MaxWorkerLifetime { get; init; }

    /// <summary>Resident bytes above which a worker recycles itself after a request; 0 = never. uWSGI key <c>reload-on-rss</c> (MB). Default 0.</summary>
    public long ReloadOnRss { get; init; }

    /// <summary>Resident bytes above which the master kills a worker; 0 = never. uWSGI key <c>evil-reload-on-rss</c> (MB). Default 0.</summary>
    public long EvilReloadOnRss { get; init; }

    /// <summary>Seconds a worker asked to stop gets to finish before SIGKILL. uWSGI key <c>worker-reload-mercy</c>. Default 60.</summary>
    public int WorkerReloadMercy { get; init; } = 60;

    /// <summary>Seconds workers get during a reload or shutdown before SIGKILL. uWSGI key <c>reload-mercy</c>. Default 60.</summary>
    public int ReloadMercy { get; init; } = 60;

    /// <summary>FIFOs the master reads one-letter commands from (the first is active). uWSGI key <c>master-fifo</c>. Default: none.</summary>
    public IReadOnlyList<string> MasterFifos { get; init; } = [];

    /// <summary>Files whose modification triggers a graceful reload. uWSGI key <c>touch-reload</c>. Default: none.</summary>
    public IReadOnlyList<string> TouchReload { get; init; } = [];

    /// <summary>Files whose modification triggers a chain reload. uWSGI key <c>touch-chain-reload</c>. Default: none.</summary>
    public IReadOnlyList<string> TouchChainReload { get; init; } = [];

    /// <summary>Files whose modification reloads the workers. uWSGI key <c>touch-workers-reload</c>. Default: none.</summary>
    public IReadOnlyList<string> TouchWorkersReload { get; init; } = [];

    /// <summary>User (name or number) to switch to after binding. uWSGI key <c>uid</c>. Default: none.</summary>
    public string? Uid { get; init; }

    /// <summary>Group (name or number) to switch to after binding. uWSGI key <c>gid</c>. Default: none.</summary>
    public string? Gid { get; init; }

    /// <summary>Address of the stats server. uWSGI keys <c>stats</c>, <c>stats-server</c>. Default: none.</summary>
    public string? Stats { get; init; }

    /// <summary>Serve the stats as an HTTP response. uWSGI key <c>stats-http</c>. Default false.</summary>
    public bool StatsHttp { get; init; }

    /// <summary>Where Prometheus metrics and health probes are served over HTTP. Gantry key <c>metrics</c>. Default none.</summary>
    public string? Metrics { get; init; }

    /// <summary>Stats without indentation. uWSGI keys <c>stats-minified</c>, <c>stats-min</c>. Default false.</summary>
    public bool StatsMinified { get; init; }

    /// <summary>Stats without the per-core lists. uWSGI key <c>stats-no-cores</c>. Default false.</summary>
    public bool StatsNoCores { get; init; }

    /// <summary>
    /// File the master's pid is written to. uWSGI key <c>pidfile</c>. Default: none. A relative path starts from the
    /// directory gantry started in: uWSGI writes this one before its <c>chdir</c> (pidfile2 and the safe ones after it,
    /// so theirs start from <c>chdir</c>).
    /// </summary>
    public string? PidFile { get; init; }

    /// <summary>Pid file written after privileges are dropped (owned by the uid user). uWSGI key <c>pidfile2</c>. Default: none.</summary>
    public string? PidFile2 { get; init; }

    /// <summary>Pid file written atomically (temporary file, then rename) before privileges are dropped. uWSGI key <c>safe-pidfile</c>. Default: none.</summary>
    public string? SafePidFile { get; init; }

    /// <summary>Pid file written atomically after privileges are dropped. uWSGI key <c>safe-pidfile2</c>. Default: none.</summary>
    public string? SafePidFile2 { get; init; }

    /// <summary>File that becomes stdout and stderr at start-up, before binding. uWSGI key <c>logto</c>. Default: none (stderr).</summary>
    public string? LogTo { get; init; }

    /// <summary>
    /// As <see cref="LogTo"/>, opened after privileges are dropped. uWSGI key <c>logto2</c>. Default: none. A relative
    /// path starts from the directory gantry started in (made absolute here): uWSGI opens it before its <c>chdir</c>.
    /// </summary>
    public string? LogTo2 { get; init; }

    /// <summary>Reopen the log file when the master re-executes itself on reload. uWSGI key <c>log-reopen</c>. Default false.</summary>
    public bool LogReopen { get; init; }

    /// <summary>
    /// Prefix of gantry's own log lines (not request lines): null = none, "" = ctime(3)'s date, else a strftime(3) format;
    /// followed by " - ". uWSGI keys <c>log-date</c>, <c>logdate</c>. Default: none.
    /// </summary>
    public string? LogDate { get; init; }

    /// <summary>Rotate the log file (logto, logto2, daemonize) once it is larger than this many bytes; 0 = never. uWSGI key <c>log-maxsize</c>.</summary>
    public long LogMaxSize { get; init; }

    /// <summary>Name the rotated log file is given; none = the log file's name + "." + the Unix time. uWSGI key <c>log-backupname</c>.</summary>
    public string? LogBackupName { get; init; }

    /// <summary>Request loggers (<c>file:PATH</c>, <c>file:logfile=PATH,maxsize=N,backupname=B</c>, <c>fd:N</c>, <c>stdio</c>): request lines go there instead of the log. uWSGI keys <c>req-logger</c>, <c>logger-req</c>.</summary>
    public IReadOnlyList<string> RequestLoggers { get; init; } = [];

    /// <summary>Detach into the background, logging to this file. uWSGI keys <c>daemonize</c>, <c>-d</c>. Default: none.</summary>
    public string? Daemonize { get; init; }

    /// <summary>As <see cref="Daemonize"/>; the parent waits until the daemon serves. uWSGI key <c>daemonize2</c>. Default: none.</summary>
    public string? Daemonize2 { get; init; }

    /// <summary>
    /// Permissions for unix sockets as three octal digits (<c>666</c> when the key is given without a value).
    /// uWSGI keys <c>chmod-socket</c>, <c>chmod</c>, <c>-C</c>. Default: none (umask decides).
    /// </summary>
    public string? ChmodSocket { get; init; }

    /// <summary>
    /// Owner of unix sockets as <c>user[:group]</c> (names or numbers; without a group only the user changes), applied
    /// right after binding. uWSGI key <c>chown-socket</c>. Default: none.
    /// </summary>
    public string? ChownSocket { get; init; }

    /// <summary><see cref="ChmodSocket"/> as a mode to pass to <see cref="File.SetUnixFileMode(string, UnixFileMode)"/>; null when not set.</summary>
    public UnixFileMode? UnixSocketMode => ChmodSocket is null ? null : (UnixFileMode)Convert.ToInt32(ChmodSocket, 8);

    /// <summary>Python optimization level (<c>-O</c>). uWSGI keys <c>optimize</c>, <c>-O</c>. Default 0.</summary>
    public int PythonOptimize { get; init; }

    /// <summary>Python modules imported before the application loads. uWSGI keys <c>import</c>, <c>pyimport</c>, <c>py-import</c>, <c>python-import</c>. Default: none.</summary>
    public IReadOnlyList<string> PythonImports { get; init; } = [];

    /// <summary>
    /// Seconds between two scans of the loaded modules' files; a newer mtime reloads gracefully; 0 = off. uWSGI keys
    /// <c>py-autoreload</c>, <c>py-auto-reload</c>, <c>python-autoreload</c>, <c>python-auto-reload</c> (they turn the master on). Default 0.
    /// </summary>
    public int PyAutoReload { get; init; }

    /// <summary>Modules (sys.modules names) the auto-reload scan skips. uWSGI key <c>py-auto-reload-ignore</c>. Default: none.</summary>
    public IReadOnlyList<string> PyAutoReloadIgnore { get; init; } = [];

    /// <summary>Value of <c>sys.argv[1:]</c>, split on spaces. uWSGI key <c>pyargv</c>. Default: none.</summary>
    public string? PythonArgv { get; init; }

    /// <summary>Drop <c>wsgi.file_wrapper</c> from the environ. uWSGI key <c>wsgi-disable-file-wrapper</c>. Default false.</summary>
    public bool WsgiDisableFileWrapper { get; init; }

    /// <summary>Static files served before the application (uWSGI keys <c>static-map</c>, <c>check-static</c>…). Default: none.</summary>
    public StaticFilesOptions StaticFiles { get; init; } = new();

    /// <summary>CGI scripts, asked after static files and before the application (uWSGI keys <c>cgi</c>, <c>cgi-helper</c>…). Default: none.</summary>
    public CgiOptions Cgi { get; init; } = new();

    /// <summary>uWSGI's Emperor: run one vassal per file of these directories or globs (uWSGI keys <c>emperor</c>, <c>emperor-*</c>, <c>vassals-*</c>). Default: none.</summary>
    public EmperorOptions Emperor { get; init; } = new();

    /// <summary>
    /// Gantry's <c>asgi</c> (and <c>gantry asgi MODULE:ATTR</c>): an ASGI 3 application, <c>pkg.mod:attr</c>, served instead of a
    /// WSGI callable. Default: none.
    /// </summary>
    public string? Asgi { get; init; }

    /// <summary>Gantry's <c>asgi-lifespan</c> (uvicorn's <c>--lifespan</c>): auto, on or off. Default "auto".</summary>
    public string AsgiLifespan { get; init; } = "auto";

    /// <summary>Gantry's <c>asgi-factory</c> (uvicorn's <c>--factory</c>). Default false.</summary>
    public bool AsgiFactory { get; init; }

    /// <summary>Gantry's <c>asgi-root-path</c> (daphne's and uvicorn's <c>--root-path</c>). Default "".</summary>
    public string AsgiRootPath { get; init; } = "";

    /// <summary>Gantry's <c>asgi-proxy-headers</c> (daphne's and uvicorn's <c>--proxy-headers</c>). Default false.</summary>
    public bool AsgiProxyHeaders { get; init; }

    /// <summary>
    /// Gantry's <c>asgi-forwarded-allow-ips</c> (uvicorn's <c>--forwarded-allow-ips</c>): the peers whose X-Forwarded-*
    /// headers <see cref="AsgiProxyHeaders"/> trusts, comma-separated, or <c>*</c>. Default "127.0.0.1".
    /// </summary>
    public string AsgiForwardedAllowIps { get; init; } = "127.0.0.1";

    /// <summary>Gantry's <c>asgi-close-timeout</c> (daphne's <c>--application-close-timeout</c>), in seconds. Default 0: never.</summary>
    public int AsgiCloseTimeout { get; init; }

    /// <summary>Gantry's <c>asgi-limit-concurrency</c> (uvicorn's <c>--limit-concurrency</c>), per loop thread. Default 0: none.</summary>
    public int AsgiLimitConcurrency { get; init; }

    /// <summary>uWSGI's <c>websocket-max-size</c> (daphne's <c>--websocket-max-message-size</c>, uvicorn's <c>--ws-max-size</c>): the largest WebSocket message a client may send, in KB. Default 1024 (1 MiB).</summary>
    public int WebSocketMaxSize { get; init; } = 1024;

    /// <summary>uWSGI's <c>websocket-ping-freq</c> (daphne's <c>--ping-interval</c>, uvicorn's <c>--ws-ping-interval</c>): seconds between the server's pings. Default 30; 0: none.</summary>
    public int WebSocketPingFrequency { get; init; } = 30;

    /// <summary>uWSGI's <c>websocket-pong-tolerance</c> (daphne's <c>--ping-timeout</c>, uvicorn's <c>--ws-ping-timeout</c>): seconds to answer a ping. Default 3.</summary>
    public int WebSocketPongTolerance { get; init; } = 3;

    /// <summary>Gantry's <c>websocket-timeout</c> (daphne's <c>--websocket_timeout</c>): seconds a WebSocket may stay open, then closed with 1000. Default -1: for ever.</summary>
    public int WebSocketTimeout { get; init; } = -1;

    /// <summary>Gantry's <c>websocket-connect-timeout</c> (daphne's <c>--websocket_connect_timeout</c>): seconds the app has to accept or refuse a WebSocket, then 403. Default -1: no bound.</summary>
    public int WebSocketConnectTimeout { get; init; } = -1;

    /// <summary>Gantry's <c>websocket-per-message-deflate</c> (uvicorn's <c>--ws-per-message-deflate</c>): negotiate permessage-deflate when a client offers it. Default true.</summary>
    public bool WebSocketPerMessageDeflate { get; init; } = true;

    /// <summary>True when <c>wsgi-file</c>, <c>module</c>, a <c>mount</c> or <c>asgi</c> names a Python application.</summary>
    public bool HasPythonApplication => NamesPythonApplication(WsgiFile, Module, Mounts.Count) || Asgi is not null;

    /// <summary>A PHP site through php-fpm, asked after CGI and before the application (<c>php-docroot</c>, <c>php-fpm</c>…). Default: none.</summary>
    public PhpOptions Php { get; init; } = new();

    /// <summary>
    /// True when this instance embeds Python: a Python application is configured, or nothing else would answer (no CGI,
    /// no PHP site): then, as uWSGI, Python starts and answers 500 for want of an application. A CGI-only or PHP-only
    /// site never loads libpython.
    /// </summary>
    public bool StartsPython => HasPythonApplication || !(Cgi.IsConfigured || Php.IsConfigured);

    /// <summary>The rule of <see cref="HasPythonApplication"/>, for the validator, which checks the options before they are built.</summary>
    internal static bool NamesPythonApplication(string? wsgiFile, string? module, int mountCount) =>
        wsgiFile is not null || module is not null || mountCount > 0;
}
