using Gantry.Configuration;
using Gantry.Posix.Native;

namespace Gantry.Logging;

/// <summary>What a process applies to its log once the log's destination is set: log-date, log-maxsize, the req-loggers.</summary>
/// <param name="DatePrefix">log-date: null = none, "" = ctime's date, else a strftime format.</param>
/// <param name="Rotation">log-maxsize on the log file (fd 2 and 1), if any.</param>
/// <param name="Rotates">This process renames files that grew too large (the master or the single process); a worker only follows.</param>
/// <param name="RequestLoggers">req-logger values.</param>
/// <param name="RequestLogDirectory">
/// Where a req-logger's relative file starts: chdir's directory (uWSGI opens its loggers after its chdir), or null for
/// the directory gantry started in.
/// </param>
internal sealed record LogSettings(string? DatePrefix, LogFileRotation? Rotation, bool Rotates, IReadOnlyList<string> RequestLoggers,
    string? RequestLogDirectory)
{
    /// <summary>
    /// The settings of <paramref name="options"/> for a worker (<paramref name="worker"/>) or for the process that
    /// rotates. Made in the directory gantry started in (a master re-executing itself goes back there first), before
    /// chdir: relative log files resolve from there, as uWSGI opens logto and logto2 before its chdir.
    /// </summary>
    public static LogSettings From(GantryOptions options, bool worker)
    {
        var file = options.LogTo ?? options.LogTo2 ?? options.Daemonize ?? options.Daemonize2;
        var rotation = options.LogMaxSize > 0 && file is not null
            ? new LogFileRotation(Path.GetFullPath(file), options.LogMaxSize, options.LogBackupName, !worker, [LibC.STDERR_FILENO, LibC.STDOUT_FILENO])
            : null;
        return new LogSettings(options.LogDate, rotation, !worker, options.RequestLoggers,
            options.Chdir is { } chdir ? Path.GetFullPath(chdir) : null);
    }
}
