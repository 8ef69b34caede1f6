using Microsoft.Extensions.Logging;

namespace Gantry.Server.Logging;

/// <summary>The server's log messages, source-generated with stable event ids (1000–1099).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "gantry ready (pid {Pid}): {Addresses}")]
    public static partial void Ready(this ILogger logger, int pid, string addresses);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "rejected a request on {Listener} with {StatusCode}: {Reason}")]
    public static partial void RequestRejected(this ILogger logger, string listener, int statusCode, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "accept() on {Listener} failed: errno {Errno} (too many open files? raise ulimit -n)")]
    public static partial void AcceptFailed(this ILogger logger, string listener, int errno);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "{Line}")]
    public static partial void Request(this ILogger logger, string line);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "graceful stop: finishing in-flight requests (up to {Seconds} s)")]
    public static partial void GracefulStop(this ILogger logger, int seconds);
}
