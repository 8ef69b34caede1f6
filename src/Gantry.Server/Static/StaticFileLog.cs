using Microsoft.Extensions.Logging;

namespace Gantry.Server.Static;

/// <summary>Static file serving's log messages, source-generated with stable event ids (1150–1159).</summary>
internal static partial class StaticFileLog
{
    [LoggerMessage(EventId = 1151, Level = LogLevel.Warning, Message = "static files: {Root} (for {Mountpoint}) does not exist; that mapping is skipped, as uWSGI skips it")]
    public static partial void RootMissing(this ILogger logger, string root, string mountpoint);

    [LoggerMessage(EventId = 1152, Level = LogLevel.Warning,
        Message = "static files: security error: {File} is not under {Root} or a static-safe path; the request goes to the application")]
    public static partial void Escaped(this ILogger logger, string file, string root);
}
