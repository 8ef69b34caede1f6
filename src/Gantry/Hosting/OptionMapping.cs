using Gantry.Configuration;
using Gantry.Python;
using Gantry.Python.Asgi;
using Gantry.Server;
using Gantry.Server.Logging;

namespace Gantry.Hosting;

/// <summary>From the uWSGI-shaped configuration to what each subsystem takes (they never see each other's options).</summary>
internal static class OptionMapping
{
    /// <summary>post-buffering 0 (uWSGI's default) means our own in-memory threshold.</summary>
    private const int DefaultBodyMemoryLimit = 1024 * 1024;

    public static ServerOptions ToServer(GantryOptions options) => new()
    {
        BufferSize = options.BufferSize,
        BodyMemoryLimit = options.PostBuffering > 0 ? (int)Math.Min(options.PostBuffering, int.MaxValue) : DefaultBodyMemoryLimit,
        LimitPost = options.LimitPost,
        SocketTimeoutSeconds = options.SocketTimeout,
        KeepAliveTimeoutSeconds = options.HttpTimeout,
        RequestHeadTimeoutSeconds = options.RequestHeadTimeout,
        MinBodyRate = options.MinBodyRate,
        MaxConnections = options.MaxConnections,
        HttpsRedirectPorts = options.HttpsRedirectSockets.ToDictionary(redirect => redirect.Address.Trim(), redirect => redirect.HttpsPort),
        WebSocketMaxMessageSize = (int)Math.Min(options.WebSocketMaxSize * 1024L, int.MaxValue),
        WebSocketPingSeconds = options.WebSocketPingFrequency,
        WebSocketPongToleranceSeconds = options.WebSocketPongTolerance,
        WebSocketTimeoutSeconds = options.WebSocketTimeout,
        WebSocketConnectTimeoutSeconds = options.WebSocketConnectTimeout,
        WebSocketPerMessageDeflate = options.WebSocketPerMessageDeflate,
        DisableLogging = options.DisableLogging,
        RequestLog = new RequestLogOptions
        {
            Format = options.LogFormat,
            Json = options.LogJson,
            XForwardedFor = options.LogXForwardedFor,
            Micros = options.LogMicros,
            SlowMilliseconds = options.LogSlow,
            ClientErrors = options.Log4xx,
            ServerErrors = options.Log5xx,
            BigBytes = options.LogBig,
            Zero = options.LogZero,
        },
    };

    public static PythonHostOptions ToPython(GantryOptions options) => options.Asgi is { } asgi ? ToAsgi(options, asgi) : ToWsgi(options);

    /// <summary>An ASGI app: its module and attribute as module/callable, how to serve it in <see cref="PythonHostOptions.Asgi"/>.</summary>
    private static PythonHostOptions ToAsgi(GantryOptions options, string application)
    {
        var colon = application.LastIndexOf(':');
        return ToWsgi(options) with
        {
            WsgiFile = null,
            Module = application[..colon],
            Callable = application[(colon + 1)..],
            NeedApp = true,
            Asgi = new AsgiOptions
            {
                Lifespan = options.AsgiLifespan switch
                {
                    "on" => AsgiLifespanMode.On,
                    "off" => AsgiLifespanMode.Off,
                    _ => AsgiLifespanMode.Auto,
                },
                Factory = options.AsgiFactory,
                RootPath = options.AsgiRootPath,
                ProxyHeaders = options.AsgiProxyHeaders,
                ForwardedAllowIps = [.. options.AsgiForwardedAllowIps.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
                LimitConcurrency = options.AsgiLimitConcurrency,
                ApplicationCloseTimeout = TimeSpan.FromSeconds(options.AsgiCloseTimeout),
            },
        };
    }

    private static PythonHostOptions ToWsgi(GantryOptions options) => new()
    {
        WsgiFile = options.WsgiFile,
        Module = options.Module,
        Callable = options.Callable,
        PythonPath = options.PythonPath,
        PythonHome = options.PythonHome,
        PythonLibrary = options.PythonLibrary,
        Multithread = options.Threads > 1,
        Multiprocess = options.Processes > 1,
        // With py-autoreload a worker whose app fails to load keeps serving 500s (uWSGI 2.0's default) and watches
        // the failing files, so fixing them reloads; an explicit need-app still exits 22.
        NeedApp = options.NeedApp ?? (!AutoReloads(options) && options.HasPythonApplication),
        Mounts = [.. options.Mounts.Select(mount => new PythonMount(mount.Key, mount.Value))],
        ManageScriptName = options.ManageScriptName,
        IgnoreScriptName = options.IgnoreScriptName,
        NoDefaultApp = options.NoDefaultApp,
        EnableThreads = options.EnableThreads || options.Threads > 1,
        AutoReloadSeconds = options.PyAutoReload,
        UnderMaster = options.Master,
        AutoReloadIgnore = options.PyAutoReloadIgnore,
        Optimize = options.PythonOptimize,
        Imports = options.PythonImports,
        Argv = options.PythonArgv?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [],
        DisableFileWrapper = options.WsgiDisableFileWrapper,
    };

    /// <summary>The reloader signals the master, so it runs only in workers a master spawned (py-autoreload turns it on).</summary>
    private static bool AutoReloads(GantryOptions options) => options.PyAutoReload > 0 && options.Master;
}
