using Gantry.Configuration.Registry;

namespace Gantry.Configuration.Sources;

/// <summary>
/// <c>gantry asgi [flags] MODULE:ATTR</c>: daphne's (4.x) and uvicorn's command lines, translated into Gantry's own
/// options before anything else reads them, so they map onto the one registry and <see cref="GantryOptions"/>
/// (docs/asgi.md has the table). Host and port (daphne's -b/-p, uvicorn's --host/--port, default 127.0.0.1:8000)
/// become one HTTP socket unless a unix socket or endpoint names the listener; every Gantry option (--threads,
/// --master, --processes, --harakiri…) may follow as well. Flags that change nothing yet are accepted with a
/// notice; the ones Gantry cannot honour (an encrypted key) are errors; --fd N serves an inherited listening socket; uvicorn's --ssl-* flags make the host/port socket an HTTPS one, each saying why.
/// </summary>
internal static class AsgiCommandLine
{
    /// <summary>The first argument that selects this command line.</summary>
    public const string Command = "asgi";

    private const string Origin = "gantry asgi";
    private const string WebSocketNotice = "WebSocket is served, but this WebSocket setting is not implemented (one message waits at a time, so no queue is kept to bound); accepted and ignored";

    // Flags that take a value and are accepted without effect, with the reason logged once.
    private static readonly Dictionary<string, string> IgnoredWithValue = new(StringComparer.Ordinal)
    {
        ["--ws-max-queue"] = WebSocketNotice,
        ["--ws"] = WebSocketNotice,
        ["--proxy-headers-host"] = "Gantry reads X-Forwarded-For and X-Forwarded-Proto; other header names are not configurable yet",
        ["--proxy-headers-port"] = "Gantry reads X-Forwarded-For and X-Forwarded-Proto; other header names are not configurable yet",
        ["--http-timeout"] = "a request runs until it ends; use --harakiri N under --master to bound it",
        ["--interface"] = "Gantry detects ASGI 3 only (async def app(scope, receive, send))",
        ["--log-level"] = "Gantry logs at info",
        ["--log-config"] = "Gantry logs uWSGI-style lines to stderr",
        ["--timeout-keep-alive"] = "idle keep-alive connections are bounded by --socket-timeout (default 4 s, as uWSGI)",
        ["--timeout-graceful-shutdown"] = "a graceful stop waits for in-flight requests, bounded by --worker-reload-mercy",
        ["--limit-max-requests"] = "use --max-requests N under --master",
        ["--h11-max-incomplete-event-size"] = "Gantry's head limit is --buffer-size",
        ["--server-name"] = "no Server header is sent",
        ["--env-file"] = "set variables with --env KEY=VALUE",
        ["--reload-dir"] = "--reload watches every loaded module",
        ["--reload-include"] = "--reload watches every loaded module",
        ["--reload-exclude"] = "--reload watches every loaded module",
        ["--reload-delay"] = "--reload polls every second",
    };

    // Flags without a value accepted without effect.
    private static readonly Dictionary<string, string> IgnoredFlags = new(StringComparer.Ordinal)
    {
        ["--no-server-name"] = "Gantry sends no Server header",
        ["--server-header"] = "Gantry sends no Server header",
        ["--no-server-header"] = "Gantry sends no Server header",
        ["--date-header"] = "Gantry sends no Date header",
        ["--no-date-header"] = "Gantry sends no Date header",
        ["--no-proxy-headers"] = "off is the default",
        ["--use-colors"] = "log lines are plain",
        ["--no-use-colors"] = "log lines are plain",
    };

    /// <summary>What <c>gantry asgi --help</c> prints: daphne's and uvicorn's flags as this command line reads them.</summary>
    public const string Usage = """
        Usage: gantry asgi [flags] [gantry options] MODULE:ATTR

        Runs an ASGI 3 application (HTTP, WebSocket, lifespan) with daphne's and uvicorn's flags; every Gantry/uWSGI
        option (--master, --processes, --threads, --harakiri, --stats...) may be given as well (gantry --help).
        docs/asgi.md maps each flag to Gantry's own option.

        Listening (default 127.0.0.1:8000):
          -b, --bind, --host HOST              address to bind
          -p, --port PORT                      port to bind
          -u, --unix-socket, --uds PATH        serve HTTP on a unix socket
          -e, --endpoint ENDPOINT              daphne endpoint: tcp:port=N:interface=H, unix:PATH, fd:fileno=N
          --fd N                               serve the listening socket open at descriptor N
          --backlog N                          listen queue
          --ssl-certfile C --ssl-keyfile K     serve HTTPS on the host/port socket (--http2 adds h2)
          --ssl-ca-certs CA --ssl-cert-reqs 1|2
                                               verify (1) or require (2) client certificates
        Application:
          --factory                            call MODULE:ATTR with no arguments to make the app
          --lifespan auto|on|off               the lifespan protocol (uvicorn's meaning)
          --root-path PATH                     the scope's root_path
          --app-dir DIR                        put DIR on sys.path
          --application-close-timeout N        cancel an app still running N s after its client left
          --limit-concurrency N                beyond N requests in flight per loop thread answer 503
          --workers N                          a master with N worker processes
          --reload                             restart when a loaded module changes
        Proxies:
          --proxy-headers                      trust X-Forwarded-For / X-Forwarded-Proto
          --forwarded-allow-ips LIST           from these peers only (default 127.0.0.1, * for any)
        WebSocket:
          --websocket-max-message-size N, --websocket-max-frame-size N, --ws-max-size N
                                               largest message in bytes (default 1 MiB); beyond it close 1009
          --ping-interval N, --ws-ping-interval N
                                               seconds between pings (default 20)
          --ping-timeout N, --ws-ping-timeout N
                                               close a client silent N s after a ping (default 30)
          --websocket_timeout N                close a WebSocket open N s (default 86400)
          --websocket_connect_timeout N        refuse an upgrade the app did not answer in N s (default 5)
          --ws-per-message-deflate BOOL        negotiate permessage-deflate (default true)
        Logging:
          --access-log [PATH]                  request log (daphne: to PATH; - for stdout)
          --no-access-log, -v/--verbosity 0    no request log

        Accepted with a notice: --loop, --http h11|httptools, --timeout-keep-alive, --http-timeout,
        --proxy-headers-host/-port, --no-server-name, --log-level and the other uvicorn flags docs/asgi.md lists.

        """;

    /// <summary>True when the flags ask for <see cref="Usage"/> (<c>-h</c>, <c>--help</c>).</summary>
    public static bool AsksForHelp(IReadOnlyList<string> args) => args.Any(arg => arg is "-h" or "--help");

    /// <summary>
    /// Whether gantry's own command line gives the Gantry (uWSGI) option <paramref name="flag"/>, written long or as one
    /// letter, the next word <paramref name="next"/> as its value (<see cref="CommandLineReader.TakesNextWord"/>; a
    /// one-letter flag takes none there).
    /// </summary>
    private static bool TakesNextWord(string flag, string? next) =>
        flag.StartsWith("--", StringComparison.Ordinal)
            ? OptionRegistry.Find(flag[2..]) is { } option && CommandLineReader.TakesNextWord(option, next)
            : flag.Length == 2 && flag[0] == '-' && OptionRegistry.FindShort(flag[1]) is { IsFlag: false } letter
                && CommandLineReader.TakesNextWord(letter, next);

    /// <summary>Turns <c>asgi …</c> (without the leading "asgi") into Gantry's own arguments.</summary>
    public static List<string> Translate(IReadOnlyList<string> args, DiagnosticBag diagnostics)
    {
        var result = new List<string>();
        string? host = null;
        string? port = null;
        var listeners = new List<string>();
        string? application = null;
        var tls = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var (flag, inline) = Split(args[i]);
            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }
                if (i + 1 < args.Count)
                {
                    return args[++i];
                }
                diagnostics.Error(Origin, flag, "needs a value");
                return "";
            }
            switch (flag)
            {
                case "-b" or "--bind" or "--host":
                    host = Value();
                    break;
                case "-p" or "--port":
                    port = Value();
                    break;
                case "-u" or "--unix-socket" or "--uds":
                    listeners.Add(Value());
                    break;
                case "-e" or "--endpoint":
                    AddEndpoint(Value(), listeners, diagnostics);
                    break;
                case "--fd":
                    AddDescriptor(Value(), flag, listeners, diagnostics);
                    break;
                case "--root-path":
                    result.AddRange(["--asgi-root-path", Value()]);
                    break;
                case "--proxy-headers":
                    result.Add("--asgi-proxy-headers");
                    break;
                case "--lifespan":
                    result.AddRange(["--asgi-lifespan", Value()]);
                    break;
                case "--factory":
                    result.Add("--asgi-factory");
                    break;
                case "--workers":
                    var workers = Value();
                    result.AddRange(["--master", "--processes", workers]);
                    break;
                case "--forwarded-allow-ips":
                    result.AddRange(["--asgi-forwarded-allow-ips", Value()]);
                    break;
                case "--application-close-timeout":
                    result.AddRange(["--asgi-close-timeout", Value()]);
                    break;
                case "--websocket-max-message-size" or "--websocket-max-frame-size" or "--ws-max-size":
                    // daphne bounds frames and messages apart, in bytes; Gantry bounds the message (and so each of its
                    // frames) with uWSGI's websocket-max-size, in KB: the bytes are rounded up to a whole KB.
                    var bytes = Value();
                    result.AddRange(["--websocket-max-size", long.TryParse(bytes, out var size) && size > 0 ? ((size + 1023) / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) : bytes]);
                    break;
                case "--websocket_timeout" or "--websocket-timeout":
                    result.AddRange(["--websocket-timeout", Value()]);
                    break;
                case "--websocket_connect_timeout" or "--websocket-connect-timeout":
                    result.AddRange(["--websocket-connect-timeout", Value()]);
                    break;
                case "--ping-interval" or "--ws-ping-interval":
                    result.AddRange(["--websocket-ping-freq", WholeSeconds(Value())]);
                    break;
                case "--ping-timeout" or "--ws-ping-timeout":
                    result.AddRange(["--websocket-pong-tolerance", WholeSeconds(Value())]);
                    break;
                case "--ws-per-message-deflate":
                    // uvicorn: --ws-per-message-deflate BOOL (default true); Gantry's flag takes the same words.
                    result.Add("--websocket-per-message-deflate=" + Value());
                    break;
                case "--limit-concurrency":
                    result.AddRange(["--asgi-limit-concurrency", Value()]);
                    break;
                case "--loop":
                    var loop = Value();
                    if (loop is not ("auto" or "asyncio" or "uvloop" or "none"))
                    {
                        diagnostics.Error(Origin, $"{flag} {loop}", "the loop is auto, asyncio or uvloop");
                    }
                    else if (loop == "uvloop")
                    {
                        diagnostics.NoticeOnce("--loop", "gantry asgi: --loop uvloop runs asyncio's own loop, driven by Gantry's epoll loop (uvloop is not integrated yet)");
                    }
                    break;
                case "--backlog":
                    result.AddRange(["--listen", Value()]);
                    break;
                case "--app-dir":
                    result.AddRange(["--pythonpath", Value()]);
                    break;
                case "--reload":
                    result.AddRange(["--master", "--py-autoreload", "1"]);
                    break;
                case "--http":
                    // uvicorn's --http picks its parser; Gantry's own --http ADDRESS still works here.
                    var http = Value();
                    if (http is "auto" or "h11" or "httptools")
                    {
                        diagnostics.NoticeOnce(flag, $"gantry asgi: --http {http}: Gantry parses HTTP itself (its own HTTP/1.1 front)");
                    }
                    else
                    {
                        listeners.Add(http);
                    }
                    break;
                case "--access-log":
                    // daphne: --access-log PATH ('-' = stdout); uvicorn: --access-log (on, the default). Either way each request is logged.
                    if (inline is null && i + 1 < args.Count && (args[i + 1] == "-" || (!args[i + 1].StartsWith('-') && !args[i + 1].Contains(':', StringComparison.Ordinal))))
                    {
                        var path = args[++i];
                        if (path != "-")
                        {
                            result.AddRange(["--logto", path]);
                        }
                    }
                    break;
                case "--no-access-log":
                    result.Add("--disable-logging");
                    break;
                case "-v" or "--verbosity":
                    if (Value() == "0")
                    {
                        result.Add("--disable-logging");
                    }
                    break;
                case "--ssl-keyfile" or "--ssl-certfile" or "--ssl-ca-certs" or "--ssl-ciphers" or "--ssl-cert-reqs":
                    tls[flag] = Value();
                    break;
                case "--ssl-keyfile-password":
                    Value();
                    diagnostics.Error(Origin, flag, "Gantry reads unencrypted PEM keys only; decrypt it (openssl pkey -in key.pem -out plain.pem) and keep it readable by the server only");
                    break;
                case "--ssl-version":
                    Value();
                    diagnostics.NoticeOnce(flag, "gantry asgi: --ssl-version: Gantry's TLS offers TLS 1.2 and 1.3 only (see docs/tls.md)");
                    break;
                default:
                    if (IgnoredWithValue.TryGetValue(flag, out var reason))
                    {
                        Value();
                        diagnostics.NoticeOnce(flag, $"gantry asgi: {flag}: {reason}");
                    }
                    else if (IgnoredFlags.TryGetValue(flag, out reason))
                    {
                        diagnostics.NoticeOnce(flag, $"gantry asgi: {flag}: {reason}");
                    }
                    else if (!flag.StartsWith('-') && application is null)
                    {
                        application = flag;
                    }
                    else
                    {
                        // Gantry's own options (--threads 4, --master, --harakiri 30…) pass through as written, each with
                        // the next word when gantry's own command line would give it that word ("--threads 4 m:app",
                        // "--master true m:app"): never named the application.
                        result.Add(args[i]);
                        if (inline is null && TakesNextWord(flag, i + 1 < args.Count ? args[i + 1] : null))
                        {
                            result.Add(args[++i]);
                        }
                    }
                    break;
            }
        }
        if (application is null)
        {
            diagnostics.Error(Origin, null, "name the application: gantry asgi [flags] pkg.mod:attr");
        }
        else
        {
            result.AddRange(["--asgi", application]);
        }
        if (listeners.Count == 0 || host is not null || port is not null)
        {
            var address = TcpAddress(host ?? "127.0.0.1", port ?? "8000");
            result.AddRange(HttpsSocket(address, tls, diagnostics) is { } https ? ["--https-socket", https] : ["--http-socket", address]);
        }
        else if (tls.Count > 0)
        {
            diagnostics.Error(Origin, "--ssl-certfile", "TLS is served on the --host/--port socket; give --port (unix sockets and endpoints stay plain)");
        }
        foreach (var listener in listeners)
        {
            result.AddRange(["--http-socket", listener]);
        }
        // daphne's keepalive defaults (--ping-interval 20, --ping-timeout 30) rather than uWSGI's 30/3, unless given.
        AddDefault(result, "--websocket-ping-freq", "--websockets-ping-freq", "20");
        AddDefault(result, "--websocket-pong-tolerance", "--websockets-pong-tolerance", "30");
        // daphne's WebSocket bounds (--websocket_timeout 86400, --websocket_connect_timeout 5), unless given.
        AddDefault(result, "--websocket-timeout", "--websockets-timeout", "86400");
        AddDefault(result, "--websocket-connect-timeout", "--websockets-connect-timeout", "5");
        return result;
    }

    private static void AddDefault(List<string> result, string name, string alias, string value)
    {
        if (!result.Exists(arg => arg.StartsWith(name, StringComparison.Ordinal) || arg.StartsWith(alias, StringComparison.Ordinal)))
        {
            result.AddRange([name, value]);
        }
    }

    /// <summary>
    /// uvicorn's --ssl-certfile/--ssl-keyfile/--ssl-ca-certs/--ssl-ciphers/--ssl-cert-reqs as uWSGI's https-socket value
    /// (<c>addr,cert,key[,ciphers[,ca]]</c>): cert-reqs 2 (CERT_REQUIRED) requires a client certificate ('!ca'), 1
    /// (CERT_OPTIONAL) verifies one if sent, 0 (uvicorn's default) asks for none. Null when no TLS flag was given.
    /// </summary>
    private static string? HttpsSocket(string address, Dictionary<string, string> tls, DiagnosticBag diagnostics)
    {
        if (tls.Count == 0)
        {
            return null;
        }
        if (!tls.TryGetValue("--ssl-certfile", out var certificate))
        {
            diagnostics.Error(Origin, "--ssl-keyfile", "give the certificate too: --ssl-certfile cert.pem --ssl-keyfile key.pem");
            return null;
        }
        // As Python's load_cert_chain: without a key file the key is read from the certificate file.
        var key = tls.GetValueOrDefault("--ssl-keyfile", certificate);
        var ciphers = tls.GetValueOrDefault("--ssl-ciphers", "");
        var requirement = tls.GetValueOrDefault("--ssl-cert-reqs", "0");
        var ca = tls.TryGetValue("--ssl-ca-certs", out var caFile) ? requirement switch
        {
            "2" => "!" + caFile,
            "1" => caFile,
            _ => "",
        } : "";
        if (requirement is not ("0" or "1" or "2"))
        {
            diagnostics.Error(Origin, $"--ssl-cert-reqs {requirement}", "0 (none), 1 (optional) or 2 (required), as Python's ssl.CERT_* values");
        }
        else if (requirement != "0" && caFile is null)
        {
            diagnostics.Error(Origin, $"--ssl-cert-reqs {requirement}", "client certificates need --ssl-ca-certs ca.pem to be verified against");
        }
        return $"{address},{certificate},{key},{ciphers},{ca}";
    }

    /// <summary>daphne's Twisted endpoint strings: tcp:port=N[:interface=H], unix:PATH (or unix:path=PATH).</summary>
    private static void AddEndpoint(string endpoint, List<string> listeners, DiagnosticBag diagnostics)
    {
        var parts = endpoint.Split(':');
        var fields = parts.Skip(1).Select(part => part.Split('=', 2)).ToList();
        string? Field(string name, int position) =>
            fields.FirstOrDefault(field => field.Length == 2 && field[0] == name)?[1]
            ?? (position < fields.Count && fields[position].Length == 1 ? fields[position][0] : null);
        switch (parts[0])
        {
            case "tcp" or "tcp6":
                var port = Field("port", 0);
                if (port is null)
                {
                    diagnostics.Error(Origin, $"--endpoint {endpoint}", "a tcp endpoint needs a port: tcp:port=8000:interface=127.0.0.1");
                    return;
                }
                listeners.Add(TcpAddress(Field("interface", 1) ?? (parts[0] == "tcp6" ? "::" : "0.0.0.0"), port));
                return;
            case "fd":
                AddDescriptor(Field("fileno", 0) ?? "", $"--endpoint {endpoint}", listeners, diagnostics);
                return;
            case "unix":
                var path = Field("path", 0);
                if (path is null)
                {
                    diagnostics.Error(Origin, $"--endpoint {endpoint}", "a unix endpoint needs a path: unix:/run/app.sock");
                    return;
                }
                listeners.Add(path);
                return;
            default:
                diagnostics.Error(Origin, $"--endpoint {endpoint}", "Gantry serves tcp:, unix: and fd: endpoints (ssl: is not supported yet; use uvicorn's --ssl-* flags)");
                return;
        }
    }

    /// <summary>
    /// daphne's and uvicorn's --fd N (and daphne's fd:fileno=N endpoint): serve the listening socket this process got open
    /// at descriptor N, as the HTTP socket "fd://N" (StreamAddress describes it by what it is bound to).
    /// </summary>
    private static void AddDescriptor(string value, string flag, List<string> listeners, DiagnosticBag diagnostics)
    {
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fd))
        {
            diagnostics.Error(Origin, $"{flag} {value}", "give the number of an open listening socket's descriptor: --fd 3");
            return;
        }
        listeners.Add($"fd://{fd}");
    }

    /// <summary>uvicorn's seconds are floats (20.0): rounded up to uWSGI's whole seconds; anything else is left for the registry to refuse.</summary>
    private static string WholeSeconds(string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? ((long)Math.Ceiling(seconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : value;

    private static string TcpAddress(string host, string port) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";

    private static (string Flag, string? Inline) Split(string argument)
    {
        if (argument.StartsWith("--", StringComparison.Ordinal) && argument.IndexOf('=') is > 2 and var equals)
        {
            return (argument[..equals], argument[(equals + 1)..]);
        }
        return (argument, null);
    }
}
