using Microsoft.Extensions.Logging;

namespace Gantry.Cgi;

/// <summary>The CGI host's log messages, source-generated with stable event ids (1200–1219).</summary>
internal static partial class CgiLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "cgi: {Script}: {Line}")]
    public static partial void ScriptStderr(this ILogger logger, string script, string line);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "cgi: cannot run {Script}: {Reason}; answered 502")]
    public static partial void SpawnFailed(this ILogger logger, string script, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "cgi: {Script}: {Reason}; answered 502")]
    public static partial void InvalidResponse(this ILogger logger, string script, string reason);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error,
        Message = "cgi: {Script}: timeout: no output and no input taken for {Seconds} s (cgi-timeout); {Action}")]
    public static partial void TimedOut(this ILogger logger, string script, int seconds, string action);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Error, Message = "cgi: security error: {Path} is not under {Root} or a cgi-safe path; answered 403")]
    public static partial void Escaped(this ILogger logger, string path, string root);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "cgi: {Script}: the client went away; {Action}")]
    public static partial void ClientGone(this ILogger logger, string script, string action);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Error, Message = "cgi: {Script}: reading its output failed: {Reason}")]
    public static partial void ReadFailed(this ILogger logger, string script, string reason);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Error, Message = "cgi: {Script}: too many local redirects (more than {Limit}); answered 500")]
    public static partial void RedirectLoop(this ILogger logger, string script, int limit);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Error, Message = "cgi: {Script}: killed by signal {Signal} before its output ended; {Action}")]
    public static partial void KilledMidResponse(this ILogger logger, string script, int signal, string action);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Error, Message = "cgi: request failed: {Failure}")]
    public static partial void Failed(this ILogger logger, string failure);
}
