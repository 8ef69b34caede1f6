using Microsoft.Extensions.Logging;

namespace Gantry.Php;

/// <summary>The PHP link's log messages, source-generated with stable event ids (1220–1239).</summary>
internal static partial class PhpLog
{
    [LoggerMessage(EventId = 1220, Level = LogLevel.Error,
        Message = "php: php-fpm {Address} is unreachable: {Reason}; requests for it are answered 502 until it is back")]
    public static partial void FpmDown(this ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 1221, Level = LogLevel.Information, Message = "php: php-fpm {Address} is back")]
    public static partial void FpmBack(this ILogger logger, string address);

    [LoggerMessage(EventId = 1222, Level = LogLevel.Warning, Message = "php: php-fpm {Address} stderr: {Line}")]
    public static partial void FpmStderr(this ILogger logger, string address, string line);

    [LoggerMessage(EventId = 1223, Level = LogLevel.Error,
        Message = "php: php-fpm {Address}: no answer to {Script} for {Seconds} s (php-fpm-read-timeout); {Action}")]
    public static partial void TimedOut(this ILogger logger, string address, string script, int seconds, string action);

    [LoggerMessage(EventId = 1224, Level = LogLevel.Error, Message = "php: php-fpm {Address}: {Script}: {Reason}; {Action}")]
    public static partial void BadResponse(this ILogger logger, string address, string script, string reason, string action);

    [LoggerMessage(EventId = 1225, Level = LogLevel.Error, Message = "php: security error: {Path} is not under {Root}; answered 403")]
    public static partial void Escaped(this ILogger logger, string path, string root);

    [LoggerMessage(EventId = 1226, Level = LogLevel.Error, Message = "php: request failed: {Failure}")]
    public static partial void Failed(this ILogger logger, string failure);

    [LoggerMessage(EventId = 1227, Level = LogLevel.Error, Message = "php: try-files of {Uri} redirects in a loop; answered 500")]
    public static partial void RedirectLoop(this ILogger logger, string uri);

    [LoggerMessage(EventId = 1228, Level = LogLevel.Information,
        Message = "php: php-fpm {Address}: {Script}: the client went away; {Action}")]
    public static partial void ClientGone(this ILogger logger, string address, string script, string action);

    [LoggerMessage(EventId = 1229, Level = LogLevel.Warning,
        Message = "php: php-fpm {Address}: {Script}: no END_REQUEST within {Seconds} s of the client's departure (php-fpm-read-timeout); the php-fpm connection is closed")]
    public static partial void DrainTimedOut(this ILogger logger, string address, string script, int seconds);

    [LoggerMessage(EventId = 1230, Level = LogLevel.Information,
        Message = "php: php-fpm {Address}: {Script}: drained to END_REQUEST after the client left; the php-fpm connection is {Outcome}")]
    public static partial void Drained(this ILogger logger, string address, string script, string outcome);
}
