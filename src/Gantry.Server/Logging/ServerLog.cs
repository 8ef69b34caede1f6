using Microsoft.Extensions.Logging;

namespace Gantry.Server.Logging;

/// <summary>The server's log messages, source-generated with stable event ids (1000–1099).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = LoopServer.ReadyEventId, Level = LogLevel.Information, Message = "gantry ready (pid {Pid}): {Addresses}")]
    public static partial void Ready(this ILogger logger, int pid, string addresses);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "rejected a request on {Listener} with {StatusCode}: {Reason}")]
    public static partial void RequestRejected(this ILogger logger, string listener, int statusCode, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error,
        Message = "accept() on {Listener} failed: {Error} (errno {Errno}), {Failures} time(s) since the last such line; {Shed} waiting connection(s) closed unserved, accepting paused {BackOffMilliseconds} ms each time (raise ulimit -n / --max-fd, or lower the connection deadlines); logged at most every {IntervalSeconds} s")]
    public static partial void AcceptPaused(this ILogger logger, string listener, string error, int errno, int failures, int shed, int backOffMilliseconds, int intervalSeconds);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "{Line}")]
    public static partial void Request(this ILogger logger, string line);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "graceful stop: finishing in-flight requests (up to {Seconds} s)")]
    public static partial void GracefulStop(this ILogger logger, int seconds);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "{Protocol} request on {Listener} from {Peer} refused, connection closed: {Reason}")]
    public static partial void GatewayRequestRefused(this ILogger logger, string protocol, string listener, string peer, string reason);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning,
        Message = "uwsgi packet with modifier1 {Modifier1} (modifier2 {Modifier2}) on {Listener}: Gantry serves modifier1 0 and 30 (WSGI) only, so such connections are closed (logged once per modifier)")]
    public static partial void UwsgiModifierUnsupported(this ILogger logger, string listener, int modifier1, int modifier2);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning,
        Message = "dropped the request variable {Key} on {Listener}: it asks uWSGI to load code or change the process per request, which Gantry never does; configure the application with --wsgi-file or --module (logged once per variable)")]
    public static partial void GatewayVariableDropped(this ILogger logger, string key, string listener);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Warning,
        Message = "FastCGI role {Role} requested on {Listener}: Gantry is a RESPONDER only and answers UNKNOWN_ROLE (logged once per role)")]
    public static partial void FastCgiRoleUnsupported(this ILogger logger, int role, string listener);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning,
        Message = "closed a connection on {Listener}: the client took none of the response for {Seconds} s (socket-timeout), {Unsent} bytes unsent")]
    public static partial void SendTimedOut(this ILogger logger, string listener, int seconds, long unsent);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning,
        Message = "closed a connection on {Listener}: its request head did not arrive within {Seconds} s (request-head-timeout)")]
    public static partial void RequestHeadTimedOut(this ILogger logger, string listener, int seconds);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning,
        Message = "closed a connection on {Listener}: its request body came at {Received} bytes in {Seconds} s, under min-body-rate {Rate} bytes/s")]
    public static partial void RequestBodyTooSlow(this ILogger logger, string listener, long received, int seconds, int rate);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning,
        Message = "{Listener}: max-connections {Limit} reached, accepting paused {BackOffMilliseconds} ms at a time ({Pauses} time(s) since the last such line; new clients wait in the listen backlog); logged at most every {IntervalSeconds} s")]
    public static partial void ConnectionLimitReached(this ILogger logger, string listener, int limit, int pauses, int backOffMilliseconds, int intervalSeconds);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "WebSocket on {Listener} closed with {CloseStatus}: {Reason}")]
    public static partial void WebSocketFailed(this ILogger logger, string listener, int closeStatus, string reason);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information, Message = "WebSocket on {Listener} open longer than {Seconds} s (websocket-timeout): closing with 1000")]
    public static partial void WebSocketTimedOut(this ILogger logger, string listener, int seconds);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "WebSocket on {Listener} neither accepted nor refused by the app within {Seconds} s (websocket-connect-timeout): refused with 403")]
    public static partial void WebSocketConnectTimedOut(this ILogger logger, string listener, int seconds);
}
