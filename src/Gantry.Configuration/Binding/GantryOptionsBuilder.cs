namespace Gantry.Configuration.Binding;

/// <summary>The mutable twin of <see cref="GantryOptions"/> that registry bindings write into, in order of appearance.</summary>
internal sealed class GantryOptionsBuilder
{
    public List<string> HttpSockets { get; } = [];
    public List<string> UwsgiSockets { get; } = [];
    public List<string> FastCgiSockets { get; } = [];

    /// <summary>uWSGI's <c>https</c>/<c>https-socket</c> values as written (parsed by the validator and <see cref="Build"/>).</summary>
    public List<string> HttpsSockets { get; } = [];
    public List<string> SniCertificates { get; } = [];
    public List<string> HttpsRedirectSockets { get; } = [];
    public string? HttpsHsts { get; set; }
    public bool Http2 { get; set; }
    public bool SslVerbose { get; set; }
    public bool SslStapling { get; set; }

    /// <summary>Addresses of <c>socket</c>: their protocol depends on <c>protocol</c>, wherever it appears.</summary>
    public List<string> DefaultProtocolSockets { get; } = [];

    /// <summary>uWSGI key <c>protocol</c>; null means uwsgi.</summary>
    public string? Protocol { get; set; }

    public string? WsgiFile { get; set; }
    public string? Module { get; set; }
    public string? Asgi { get; set; }
    public string? AsgiLifespan { get; set; }
    public bool AsgiFactory { get; set; }
    public string? AsgiRootPath { get; set; }
    public bool AsgiProxyHeaders { get; set; }
    public string? AsgiForwardedAllowIps { get; set; }
    public int AsgiLimitConcurrency { get; set; }
    public int WebSocketMaxSize { get; set; } = 1024;
    public int WebSocketPingFrequency { get; set; } = 30;
    public int WebSocketPongTolerance { get; set; } = 3;
    public int WebSocketTimeout { get; set; } = -1;
    public int WebSocketConnectTimeout { get; set; } = -1;
    public bool WebSocketPerMessageDeflate { get; set; } = true;
    public int AsgiCloseTimeout { get; set; }
    public string? ModuleCallable { get; set; }
    public string? Callable { get; set; }
    public string? Chdir { get; set; }
    public List<string> PythonPath { get; } = [];
    public string? PythonHome { get; set; }
    public string? PythonLibrary { get; set; }
    public string? PythonHost { get; set; }
    public List<KeyValuePair<string, string>> Environment { get; } = [];
    public bool? NeedApp { get; set; }
    public List<KeyValuePair<string, string>> Mounts { get; } = [];
    public bool ManageScriptName { get; set; }
    public bool IgnoreScriptName { get; set; }
    public bool NoDefaultApp { get; set; }
    public int BufferSize { get; set; } = 65535;
    public bool DisableLogging { get; set; }
    public string? LogFormat { get; set; }
    public bool LogJson { get; set; }
    public bool LogXForwardedFor { get; set; }
    public bool LogMicros { get; set; }
    public int LogSlow { get; set; }
    public bool Log4xx { get; set; }
    public bool Log5xx { get; set; }
    public long LogBig { get; set; }
    public bool LogZero { get; set; }
    public long PostBuffering { get; set; }
    public long LimitPost { get; set; }
    public int SocketTimeout { get; set; } = 4;
    public int RequestHeadTimeout { get; set; } = 30;
    public int HttpTimeout { get; set; } = 60;
    public int MinBodyRate { get; set; } = 240;
    public int MaxConnections { get; set; }
    public int MaxFd { get; set; }
    public bool NoDeferAccept { get; set; }
    public int Listen { get; set; } = 100;
    public bool Master { get; set; }
    public int Processes { get; set; } = 1;
    public int Cheaper { get; set; }
    public int CheaperInitial { get; set; }
    public string? CheaperAlgo { get; set; }
    public int CheaperStep { get; set; } = 1;
    public int CheaperOverload { get; set; } = 3;
    public long CheaperRssLimitSoft { get; set; }
    public long CheaperRssLimitHard { get; set; }
    public int Threads { get; set; } = 1;
    public bool EnableThreads { get; set; }
    public bool Vacuum { get; set; }
    public bool DieOnTerm { get; set; }
    public int Heartbeat { get; set; }
    public int Harakiri { get; set; }
    public bool HarakiriVerbose { get; set; }
    public long MaxRequests { get; set; }
    public int MinWorkerLifetime { get; set; } = 10;
    public int MaxWorkerLifetime { get; set; }
    public long ReloadOnRss { get; set; }
    public long EvilReloadOnRss { get; set; }
    public int WorkerReloadMercy { get; set; } = 60;
    public int ReloadMercy { get; set; } = 60;
    public List<string> MasterFifos { get; } = [];
    public List<string> TouchReload { get; } = [];
    public List<string> TouchChainReload { get; } = [];
    public List<string> TouchWorkersReload { get; } = [];
    public string? Uid { get; set; }
    public string? Gid { get; set; }
    public string? Stats { get; set; }
    public bool StatsHttp { get; set; }
    public string? Metrics { get; set; }
    public bool StatsMinified { get; set; }
    public bool StatsNoCores { get; set; }
    public string? PidFile { get; set; }
    public string? PidFile2 { get; set; }
    public string? SafePidFile { get; set; }
    public string? SafePidFile2 { get; set; }
    public string? LogTo { get; set; }
    public string? LogTo2 { get; set; }
    public bool LogReopen { get; set; }
    public string? LogDate { get; set; }
    public long LogMaxSize { get; set; }
    public string? LogBackupName { get; set; }
    public List<string> RequestLoggers { get; } = [];
    public string? Daemonize { get; set; }
    public string? Daemonize2 { get; set; }
    public string? ChmodSocket { get; set; }
    public string? ChownSocket { get; set; }
    public bool Strict { get; set; }
    public int PythonOptimize { get; set; }
    public List<string> PythonImports { get; } = [];
    public string? PythonArgv { get; set; }
    public int PyAutoReload { get; set; }
    public List<string> PyAutoReloadIgnore { get; } = [];
    public bool WsgiDisableFileWrapper { get; set; }

    /// <summary>The static-file rows (check-static, static-map…).</summary>
    public StaticFilesBuilder Static { get; } = new();

    /// <summary>The cgi rows (cgi, cgi-helper…).</summary>
    public CgiBuilder Cgi { get; } = new();
    public EmperorBuilder Emperor { get; } = new();

    /// <summary>The php rows (php-docroot, php-fpm…).</summary>
    public PhpBuilder Php { get; } = new();

    /// <summary>The directory gantry started in (the loader's current directory).</summary>
    public string StartDirectory { get; set; } = "/";

    /// <summary>
    /// Where relative paths of served files start: <see cref="Chdir"/> (itself relative to <see cref="StartDirectory"/>)
    /// when given, as uWSGI resolves them after its chdir; else the start directory.
    /// </summary>
    public string WorkingDirectory => Chdir is null ? StartDirectory : Path.GetFullPath(Chdir, StartDirectory);

    /// <summary>
    /// The absolute form of a served path (a cgi directory): relative ones start from <see cref="WorkingDirectory"/>;
    /// symlinks stay and a trailing slash goes, so the runtime may resolve the real path per request as uWSGI does.
    /// </summary>
    public string ResolvePath(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, WorkingDirectory));

    /// <summary>Sets <see cref="Module"/> from <c>pkg.mod</c> or <c>pkg.mod:callable</c>.</summary>
    public void SetModule(string value)
    {
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        Module = colon < 0 ? value : value[..colon];
        ModuleCallable = colon < 0 || colon == value.Length - 1 ? null : value[(colon + 1)..];
    }

    /// <summary>Freezes the builder; sockets of <c>socket</c> go to the list their <c>protocol</c> names.</summary>
    public GantryOptions Build()
    {
        List<string> http = [.. HttpSockets];
        List<string> uwsgi = [.. UwsgiSockets];
        List<string> fastCgi = [.. FastCgiSockets];
        List<string> target = Protocol switch
        {
            "http" or "http11" => http,
            "fastcgi" => fastCgi,
            _ => uwsgi,
        };
        target.AddRange(DefaultProtocolSockets);
        return new GantryOptions
        {
            HttpSockets = http,
            UwsgiSockets = uwsgi,
            FastCgiSockets = fastCgi,
            HttpsSockets = [.. HttpsSockets.Select(text => HttpsSocketOptions.TryParse(text, out _)).OfType<HttpsSocketOptions>()
                .Select(https => https.RelativeTo(StartDirectory))],
            SniCertificates = [.. SniCertificates.Select(text => SniCertificateOptions.TryParse(text, out _)).OfType<SniCertificateOptions>()
                .Select(sni => sni with { Files = sni.Files.RelativeTo(StartDirectory) })],
            HttpsRedirectSockets = [.. HttpsRedirectSockets.Select(text => HttpsRedirectSocketOptions.TryParse(text, out _)).OfType<HttpsRedirectSocketOptions>()],
            HttpsHsts = HttpsHsts is null ? null : HstsValue.TryParse(HttpsHsts, out _),
            Http2 = Http2,
            SslVerbose = SslVerbose,
            SslStapling = SslStapling,
            WsgiFile = WsgiFile,
            Module = Module,
            Asgi = Asgi,
            AsgiLifespan = AsgiLifespan ?? "auto",
            AsgiFactory = AsgiFactory,
            AsgiRootPath = AsgiRootPath ?? "",
            AsgiProxyHeaders = AsgiProxyHeaders,
            AsgiForwardedAllowIps = AsgiForwardedAllowIps ?? "127.0.0.1",
            AsgiLimitConcurrency = AsgiLimitConcurrency,
            WebSocketMaxSize = WebSocketMaxSize,
            WebSocketPingFrequency = WebSocketPingFrequency,
            WebSocketPongTolerance = WebSocketPongTolerance,
            WebSocketTimeout = WebSocketTimeout,
            WebSocketConnectTimeout = WebSocketConnectTimeout,
            WebSocketPerMessageDeflate = WebSocketPerMessageDeflate,
            AsgiCloseTimeout = AsgiCloseTimeout,
            Callable = ModuleCallable ?? Callable ?? "application",
            Chdir = Chdir,
            PythonPath = [.. PythonPath],
            PythonHome = PythonHome,
            PythonLibrary = PythonLibrary,
            PythonHost = PythonHost ?? "library",
            Environment = [.. Environment],
            NeedApp = NeedApp,
            Mounts = FrozenList.Of(Mounts),
            ManageScriptName = ManageScriptName,
            IgnoreScriptName = IgnoreScriptName,
            NoDefaultApp = NoDefaultApp,
            BufferSize = BufferSize,
            DisableLogging = DisableLogging,
            LogFormat = LogFormat,
            LogJson = LogJson,
            LogXForwardedFor = LogXForwardedFor,
            LogMicros = LogMicros,
            LogSlow = LogSlow,
            Log4xx = Log4xx,
            Log5xx = Log5xx,
            LogBig = LogBig,
            LogZero = LogZero,
            PostBuffering = PostBuffering,
            LimitPost = LimitPost,
            SocketTimeout = SocketTimeout,
            RequestHeadTimeout = RequestHeadTimeout,
            HttpTimeout = HttpTimeout,
            MinBodyRate = MinBodyRate,
            MaxConnections = MaxConnections,
            MaxFd = MaxFd,
            NoDeferAccept = NoDeferAccept,
            Listen = Listen,
            Master = Master,
            Processes = Processes,
            Cheaper = Cheaper,
            CheaperInitial = CheaperInitial,
            CheaperStep = CheaperStep,
            CheaperOverload = CheaperOverload,
            CheaperRssLimitSoft = CheaperRssLimitSoft,
            CheaperRssLimitHard = CheaperRssLimitHard,
            Threads = Threads,
            EnableThreads = EnableThreads || Threads > 1,
            Vacuum = Vacuum,
            DieOnTerm = DieOnTerm,
            Heartbeat = Heartbeat,
            Harakiri = Harakiri,
            HarakiriVerbose = HarakiriVerbose,
            MaxRequests = MaxRequests,
            MinWorkerLifetime = MinWorkerLifetime,
            MaxWorkerLifetime = MaxWorkerLifetime,
            ReloadOnRss = ReloadOnRss,
            EvilReloadOnRss = EvilReloadOnRss,
            WorkerReloadMercy = WorkerReloadMercy,
            ReloadMercy = ReloadMercy,
            MasterFifos = [.. MasterFifos],
            TouchReload = [.. TouchReload],
            TouchChainReload = [.. TouchChainReload],
            TouchWorkersReload = [.. TouchWorkersReload],
            Uid = Uid,
            Gid = Gid,
            Stats = Stats,
            StatsHttp = StatsHttp,
            Metrics = Metrics,
            StatsMinified = StatsMinified,
            StatsNoCores = StatsNoCores,
            PidFile = PidFile is null ? null : Path.GetFullPath(PidFile, StartDirectory),
            PidFile2 = PidFile2,
            SafePidFile = SafePidFile,
            SafePidFile2 = SafePidFile2,
            LogTo = LogTo,
            LogTo2 = LogTo2 is null ? null : Path.GetFullPath(LogTo2, StartDirectory),
            LogReopen = LogReopen,
            LogDate = LogDate,
            LogMaxSize = LogMaxSize,
            LogBackupName = LogBackupName,
            RequestLoggers = [.. RequestLoggers],
            Daemonize = Daemonize,
            Daemonize2 = Daemonize2,
            ChmodSocket = ChmodSocket,
            ChownSocket = ChownSocket,
            PythonOptimize = PythonOptimize,
            PythonImports = [.. PythonImports],
            PythonArgv = PythonArgv,
            PyAutoReload = PyAutoReload,
            PyAutoReloadIgnore = [.. PyAutoReloadIgnore],
            WsgiDisableFileWrapper = WsgiDisableFileWrapper,
            StaticFiles = Static.Build(),
            Cgi = Cgi.Build(ResolvePath),
            Php = Php.Build(ResolvePath),
            Emperor = Emperor.Build(ResolvePath),
        };
    }
}
