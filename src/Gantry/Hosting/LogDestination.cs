using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Master.Processes;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// Where a gantry instance logs, decided as uWSGI's uwsgi_setup_log() (core/logging.c) and uwsgi_start():
/// <c>daemonize</c> wins over <c>logto</c>; both happen before binding; <c>logto2</c> after privileges are dropped.
/// A master that re-executed itself on reload keeps the descriptors it inherited unless <c>log-reopen</c> is set,
/// when it opens the file again by name — logrotate's "move the file, then SIGHUP" — as uWSGI's reload does.
/// </summary>
internal static class LogDestination
{
    private static bool s_reload;

    /// <summary>True in a master that re-executed itself on reload (it inherited its sockets).</summary>
    public static bool IsReload => s_reload;

    /// <summary>
    /// Before binding: detaches (daemonize) or redirects stdout/stderr (logto). Null to carry on; otherwise the exit
    /// code this process returns now (the daemon's parent, or a log file that cannot be opened).
    /// </summary>
    public static int? BeforeBinding(GantryOptions options, IReadOnlyList<string> arguments)
    {
        s_reload = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(MasterReexec.InheritedVariable));
        var (daemonFile, daemonKey) = options.Daemonize is { } first ? (first, "daemonize") : (options.Daemonize2, "daemonize2");
        if (daemonFile is not null)
        {
            if (!Daemon.IsChild)
            {
                return Daemon.Detach(daemonFile, daemonKey, arguments, waitUntilServing: options.Daemonize is null);
            }
            Daemon.EnterChild();
            return s_reload && options.LogReopen ? Reopen(daemonFile, daemonKey) : null;
        }
        if (options.LogTo is not { } file)
        {
            return null;
        }
        return s_reload ? (options.LogReopen ? Reopen(file, "logto") : null) : Redirect(file, "logto");
    }

    /// <summary>After privileges are dropped: logto2. False (after logging why) when the file cannot be opened at start-up.</summary>
    public static bool AfterPrivileges(GantryOptions options, ILogger logger)
    {
        if (options.LogTo2 is not { } file || (s_reload && !options.LogReopen))
        {
            return true;
        }
        if (LogFile.RedirectStandardStreams(file, out var reason))
        {
            return true;
        }
        logger.LogFileFailed("logto2", file, reason);
        return s_reload;
    }

    private static int? Redirect(string file, string key)
    {
        if (LogFile.RedirectStandardStreams(file, out var reason))
        {
            return null;
        }
        Console.Error.WriteLine($"gantry: {key} {file}: cannot open the log file: {reason}");
        return ExitCodes.ConfigurationError;
    }

    /// <summary>On reload a file that cannot be reopened leaves the inherited one in place: a running server keeps running.</summary>
    private static int? Reopen(string file, string key)
    {
        if (!LogFile.RedirectStandardStreams(file, out var reason))
        {
            Console.Error.WriteLine($"gantry: {key} {file}: cannot reopen the log file: {reason}; logging on to the old one");
        }
        return null;
    }
}
