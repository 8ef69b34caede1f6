using Microsoft.Extensions.Logging;

namespace Gantry.Python.Asgi;

/// <summary>Every log line of the ASGI host, with stable event ids (2100–2149).</summary>
internal static partial class AsgiLog
{

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "error in the ASGI app ({Request}):\n{Traceback}")]
    public static partial void ApplicationFailed(ILogger logger, string request, string traceback);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "the ASGI app returned without {What} its response ({Request})")]
    public static partial void ReturnedWithoutResponse(ILogger logger, string what, string request);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Gantry's ASGI host failed: {Details}")]
    public static partial void InternalError(ILogger logger, string details);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "ASGI lifespan: startup complete")]
    public static partial void LifespanStarted(ILogger logger);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Information, Message = "ASGI 'lifespan' protocol appears unsupported ({Details})")]
    public static partial void LifespanUnsupported(ILogger logger, string details);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Error, Message = "ASGI lifespan: startup failed: {Message}")]
    public static partial void LifespanStartupFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Warning, Message = "ASGI lifespan: shutdown failed: {Message}")]
    public static partial void LifespanShutdownFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Information, Message = "ASGI lifespan: shutdown complete")]
    public static partial void LifespanStopped(ILogger logger);

    [LoggerMessage(EventId = 2110, Level = LogLevel.Warning, Message = "{What} blocked ASGI loop thread {Thread} for {Milliseconds} ms in {Coroutine} ({Request}): every request of the thread waited; await instead of blocking, or run it in a thread")]
    public static partial void SlowStep(ILogger logger, string what, int thread, long milliseconds, string coroutine, string request);

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "an ASGI app still ran {Seconds} s after its client left: cancelled (application-close-timeout)")]
    public static partial void ApplicationCancelled(ILogger logger, double seconds);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Warning, Message = "limit-concurrency {Limit} reached on this loop: answered 503")]
    public static partial void ConcurrencyLimited(ILogger logger, int limit);
}
