using Gantry.Server.Static;

namespace Gantry.Server;

/// <summary>What the loop needs to know, mapped by the exe from the uWSGI-style configuration.</summary>
public sealed record ServerOptions
{
    /// <summary>Largest request head (HTTP), vars block (uwsgi) or PARAMS stream (FastCGI): uWSGI's buffer-size. Default 65535, not uWSGI's 4096.</summary>
    public int BufferSize { get; init; } = 65535;

    /// <summary>Request bodies above this many bytes are spooled to a temporary file (post-buffering). Default 1 MiB.</summary>
    public int BodyMemoryLimit { get; init; } = 1024 * 1024;

    /// <summary>Largest accepted request body in bytes (limit-post); 0 = unlimited.</summary>
    public long LimitPost { get; init; }

    /// <summary>Seconds a connection may stay silent while a request is being received (socket-timeout). Default 4... as uWSGI.</summary>
    public int SocketTimeoutSeconds { get; init; } = 4;

    /// <summary>Seconds an idle keep-alive connection is kept (http-timeout). Default 60.</summary>
    public int KeepAliveTimeoutSeconds { get; init; } = 60;

    /// <summary>Seconds a whole request head may take, however it trickles (request-head-timeout). Default 30.</summary>
    public int RequestHeadTimeoutSeconds { get; init; } = 30;

    /// <summary>Slowest average request body a client may send, in bytes per second after a 5 s grace (min-body-rate); 0 = none. Default 240.</summary>
    public int MinBodyRate { get; init; } = 240;

    /// <summary>Most connections the process holds at once (max-connections); 0 = no limit but the open-file limit.</summary>
    public int MaxConnections { get; init; }

    /// <summary>No per-request log line (disable-logging).</summary>
    public bool DisableLogging { get; init; }

    /// <summary>The request log's shape and its exceptions to disable-logging (log-format, log-json, log-slow…).</summary>
    public Logging.RequestLogOptions RequestLog { get; init; } = new();

    /// <summary>Where spooled request bodies go.</summary>
    public string TemporaryDirectory { get; init; } = Path.GetTempPath();

    /// <summary>Output above this many unsent bytes pauses the response producer (backpressure).</summary>
    public int HighWaterMark { get; init; } = 256 * 1024;

    /// <summary>
    /// The largest WebSocket message (and frame) a client may send, in bytes; beyond it the connection closes with 1009.
    /// Default 1 MiB (daphne 4.2.2's --websocket-max-message-size, uvicorn's --ws-max-size; Gantry's websocket-max-size).
    /// </summary>
    public int WebSocketMaxMessageSize { get; init; } = 1024 * 1024;

    /// <summary>
    /// Seconds between the server's pings on an open WebSocket (uWSGI's websocket-ping-freq, daphne's --ping-interval,
    /// uvicorn's --ws-ping-interval); 0: none. Default 30 (uWSGI's).
    /// </summary>
    public int WebSocketPingSeconds { get; init; } = 30;

    /// <summary>
    /// Seconds a client may take to answer a ping (with a pong or any frame) before the WebSocket is closed with 1011
    /// (uWSGI's websocket-pong-tolerance, daphne's --ping-timeout, uvicorn's --ws-ping-timeout). Default 3 (uWSGI's).
    /// </summary>
    public int WebSocketPongToleranceSeconds { get; init; } = 3;

    /// <summary>
    /// Seconds a WebSocket may live, counted from its upgrade request (daphne's --websocket_timeout): past it the server
    /// closes it with 1000, as daphne does. Negative: for ever (the default, as uWSGI and uvicorn; gantry asgi gives
    /// daphne's 86400).
    /// </summary>
    public int WebSocketTimeoutSeconds { get; init; } = -1;

    /// <summary>
    /// Seconds the host has to accept or refuse a WebSocket after its upgrade request (daphne's
    /// --websocket_connect_timeout): past it the handshake is refused with 403, as daphne does, and the host sees the
    /// client gone. Negative: no bound (the default; gantry asgi gives daphne's 5).
    /// </summary>
    public int WebSocketConnectTimeoutSeconds { get; init; } = -1;

    /// <summary>
    /// Negotiate permessage-deflate (RFC 7692) when a client offers it (Gantry's websocket-per-message-deflate,
    /// uvicorn's --ws-per-message-deflate). Default true, as uvicorn.
    /// </summary>
    public bool WebSocketPerMessageDeflate { get; init; } = true;

    /// <summary>Seconds in-flight requests get to finish on a graceful stop (worker-reload-mercy). Default 60.</summary>
    public int GracefulTimeoutSeconds { get; init; } = 60;

    /// <summary>
    /// Where a plain HTTP connection that opens with the HTTP/2 preface goes (Gantry's <c>--http2</c>: Kestrel's h2c);
    /// null (the default) answers it 400 as any request the HTTP/1.1 parser refuses.
    /// </summary>
    public Http.IHttp2PriorKnowledgeHandoff? Http2Handoff { get; init; }

    /// <summary>
    /// For each <see cref="Listeners.ListenerProtocol.HttpToHttps"/> socket (by its address as written), the port its
    /// redirects name after the host, or null for none (443). Default empty.
    /// </summary>
    public IReadOnlyDictionary<string, string?> HttpsRedirectPorts { get; init; } = new Dictionary<string, string?>();

    /// <summary>Worker id shown in the request log ("app: 0|req: N/M" carries pid and counts).</summary>
    public int WorkerId { get; init; } = 1;
}
