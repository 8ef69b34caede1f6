using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>
/// Options of uWSGI's HTTP router (plugins/http/http.c). Gantry has no router process: its own loop serves
/// <c>--http</c>, so tuning knobs of the router are ignored and router features are rejected.
/// </summary>
internal static class HttpRows
{
    private const string NoRouter = "Gantry serves --http from its own loop; there is no router process to tune";
    private const string RouterFeature = "Gantry's --http serves the local application only; put a proxy (nginx) in front for this";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Http;
        t.Ignored(NoRouter,
            ("http-processes http-workers", Integer, "number of router processes"),
            ("http-events", Integer, "concurrent connections per router process"),
            ("http-connect-timeout", Integer, "router timeout for connecting to workers"),
            ("http-buffer-size", Bytes, "router buffer size"),
            ("http-modifier1", Integer, "modifier1 the router puts in uwsgi packets"),
            ("http-modifier2", Integer, "modifier2 the router puts in uwsgi packets"),
            ("http-harakiri", Integer, "router-side request timeout"),
            ("http-quiet", Flag, "do not log failed connections to workers"),
            ("http-cheap", Flag, "start the router only when workers are ready"),
            ("http-uid", Text, "user of the router process"),
            ("http-gid", Text, "group of the router process"),
            ("http-gracetime", Integer, "seconds before retrying a dead backend"),
            ("http-auto-chunked", Flag, "chunk responses without a length on keep-alive connections"),
            ("http-manage-expect ?", Bytes, "answer Expect: 100-continue"),
            ("http-chunked-input", Flag, "accept chunked request bodies"),
            ("http-raw-body", Flag, "pass request bodies through untouched"),
            ("http-post-buffering", Bytes, "router-side request body buffering"),
            ("http-post-buffering-dir", Text, "directory of router-side body buffers"),
            ("http-server-name-as-http-host", Flag, "set SERVER_NAME from the Host header"),
            ("http-stats http-stats-server http-ss", Text, "stats server of the router"));
        t.Supported("http-timeout", Integer, "seconds an idle keep-alive connection is kept between requests",
            (o, v) => o.HttpTimeout = v.Int32, defaultValue: "60", minimum: 1, maximum: int.MaxValue);
        t.Ignored("Gantry's HTTP sockets always keep HTTP/1.1 connections alive",
            ("http-keepalive ?", Integer, "keep client connections open between requests"));
        t.Rejected(RouterFeature,
            ("httprouter *", Address, "start an HTTP router on this address"),
            ("http-to *", Text, "forward router requests to this backend"),
            ("http-var *", KeyValue, "add a variable to the forwarded request"),
            ("http-zerg", Text, "attach the router to a zerg server"),
            ("http-fallback *", Text, "backend used when the chosen one fails"),
            ("http-use-cache ?", Text, "map hosts to backends through the cache"),
            ("http-use-pattern", Text, "map hosts to unix sockets with a pattern"),
            ("http-use-base", Text, "map hosts to unix sockets under a base path"),
            ("http-use-code-string", Text, "map hosts to backends with code"),
            ("http-use-socket ?", Text, "forward router requests to this uwsgi socket"),
            ("http-subscription-server", Address, "accept backend subscriptions on this address"),
            ("http-subscription-fallback-key", Text, "subscription key used when no other matches"),
            ("http-resubscribe *", Text, "forward subscriptions to another server"),
            ("http-stud-prefix *", Text, "read a stud client-address prefix from these peers"),
            ("http-enable-proxy-protocol ?", Flag, "read PROXY protocol headers"),
            ("http-backend-http", Flag, "speak HTTP to the backends instead of uwsgi"),
            ("http-websockets", Flag, "pass WebSocket connections through"),
            ("http-manage-source", Flag, "pass SOURCE requests through as raw streams"),
            ("http-manage-rtsp", Flag, "pass RTSP sessions through"),
            ("http-auto-gzip", Flag, "gzip responses the application marks with uWSGI-Encoding"),
            ("force-gateway", Flag, "start gateways even without a master"));
    }
}
