namespace Gantry.Python.Asgi;

/// <summary>How the ASGI host serves (daphne's and uvicorn's options, mapped from Gantry's configuration).</summary>
public sealed record AsgiOptions
{
    /// <summary>Lifespan protocol: uvicorn's <c>--lifespan</c>. Default <see cref="AsgiLifespanMode.Auto"/>.</summary>
    public AsgiLifespanMode Lifespan { get; init; } = AsgiLifespanMode.Auto;

    /// <summary>
    /// daphne's and uvicorn's <c>--root-path</c>: the prefix the app is mounted at behind a proxy, put before SCRIPT_NAME in
    /// the scope's root_path (the path stays PATH_INFO, as uvicorn 0.17 and daphne 4 give it). Default "".
    /// </summary>
    public string RootPath { get; init; } = "";

    /// <summary>
    /// daphne's <c>--proxy-headers</c>, uvicorn's <c>--proxy-headers</c>: client from X-Forwarded-For, scheme from
    /// X-Forwarded-Proto. Default false.
    /// </summary>
    public bool ProxyHeaders { get; init; }

    /// <summary>
    /// uvicorn's <c>--forwarded-allow-ips</c>: the peers (REMOTE_ADDR) whose forwarded headers <see cref="ProxyHeaders"/>
    /// trusts; "*" trusts any. Default: 127.0.0.1 only.
    /// </summary>
    public IReadOnlyList<string> ForwardedAllowIps { get; init; } = ["127.0.0.1"];

    /// <summary>uvicorn's <c>--factory</c>: the named attribute is called with no arguments to make the app. Default false.</summary>
    public bool Factory { get; init; }

    /// <summary>
    /// uvicorn's <c>--limit-concurrency</c>: more requests in progress than this on one loop are answered 503 without
    /// running the app. Default 0: no limit.
    /// </summary>
    public int LimitConcurrency { get; init; }

    /// <summary>
    /// daphne's <c>--application-close-timeout</c>: how long an app may run on after its client left before its task is
    /// cancelled (it learns of the disconnect from receive() meanwhile). Default zero: never cancelled, as uvicorn.
    /// </summary>
    public TimeSpan ApplicationCloseTimeout { get; init; }

    /// <summary>How long lifespan shutdown may take (uvicorn waits for it; daphne's --application-close-timeout). Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
