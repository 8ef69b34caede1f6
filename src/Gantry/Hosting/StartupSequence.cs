using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Posix.Systemd;
using Gantry.Server.Listeners;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// The start-up sequence of every run mode, in uWSGI's order, written once: env and chdir, the listening sockets, then
/// in the process that runs the instance the pid files around the privilege drop and logto2, then serving, and at
/// exit the sockets closed (with --vacuum their unix files removed) and the pid files removed. A run mode states only
/// what differs: how it gets its sockets, its operational mode and how it serves (<see cref="SingleProcessHost"/>,
/// <see cref="MasterHost"/>, <see cref="WorkerProcessHost"/>).
/// </summary>
internal static class StartupSequence
{
    /// <summary>
    /// A process that runs the instance (the single process, the master): it binds (or adopts after a re-exec) the
    /// sockets, writes the pid files, drops privileges, logs its operational mode, serves, says goodbye after a clean
    /// exit and cleans up what it left on disk.
    /// </summary>
    /// <param name="openListeners">Binds or adopts the sockets; null after logging why it could not.</param>
    /// <param name="serve">Serves until a stop and returns the exit code.</param>
    public static int RunInstance(GantryOptions options, ILogger logger, string operationalMode,
        Func<List<Listener>?> openListeners, Func<IReadOnlyList<Listener>, int> serve) =>
        Run(options, logger, operationalMode, openListeners, serve);

    /// <summary>
    /// A master's worker: its master bound the sockets, wrote the pid files, dropped privileges and opened logto2 before
    /// spawning it, and says goodbye for the instance; the worker adopts the sockets and closes its copies at exit.
    /// </summary>
    /// <param name="adoptListeners">Adopts the master's sockets; null after logging why it could not.</param>
    /// <param name="serve">Serves until a stop and returns the exit code.</param>
    public static int RunWorker(GantryOptions options, ILogger logger,
        Func<List<Listener>?> adoptListeners, Func<IReadOnlyList<Listener>, int> serve) =>
        Run(options, logger, operationalMode: null, adoptListeners, serve);

    /// <param name="operationalMode">Null in a master's worker; otherwise the process runs the instance.</param>
    private static int Run(GantryOptions options, ILogger logger, string? operationalMode,
        Func<List<Listener>?> openListeners, Func<IReadOnlyList<Listener>, int> serve)
    {
        var runsInstance = operationalMode is not null;
        if (!ProcessSetup.Apply(options, logger))
        {
            return ExitCodes.ConfigurationError;
        }
        var listeners = openListeners();
        if (listeners is null)
        {
            return ExitCodes.ConfigurationError;
        }
        try
        {
            if (operationalMode is { } mode && !SettleInstance(options, logger, mode))
            {
                return ExitCodes.ConfigurationError;
            }
            var exitCode = serve(listeners);
            if (runsInstance)
            {
                // Type=notify: the instance has stopped serving (a master re-exec never returns here).
                SystemdNotify.Send("STOPPING=1");
            }
            if (runsInstance && exitCode == ExitCodes.Success)
            {
                logger.Goodbye();
            }
            return exitCode;
        }
        finally
        {
            foreach (var listener in listeners)
            {
                // A worker's sockets are its master's: only the process that bound them removes their files.
                listener.Close(removeUnixFile: runsInstance && options.Vacuum);
            }
            if (runsInstance)
            {
                PidFile.RemoveAll(options);
            }
        }
    }

    /// <summary>
    /// What the instance's process does once its sockets are bound, as uWSGI: pidfile, drop uid/gid, logto2, pidfile2
    /// (owned by the uid user), the operational mode. False (after logging why) when it cannot go on.
    /// </summary>
    private static bool SettleInstance(GantryOptions options, ILogger logger, string operationalMode)
    {
        PidFile.WriteBeforeDrop(options, logger);
        if (!ProcessSetup.DropPrivileges(options, logger) || !LogDestination.AfterPrivileges(options, logger))
        {
            return false;
        }
        PidFile.WriteAfterDrop(options, logger);
        logger.OperationalMode(operationalMode);
        return true;
    }
}
