using System.Runtime.InteropServices;
using Gantry.Configuration;
using Microsoft.Extensions.Logging;

namespace Gantry.Emperor;

/// <summary>
/// Runs this process as uWSGI's Emperor (<c>gantry --emperor DIR|GLOB</c>): one vassal per ini file of the monitored
/// directories or globs, each the same executable run with that file (<c>gantry --ini FILE</c>), in the file's
/// directory. Signals as uWSGI 2.0.21's emperor: SIGINT, SIGTERM, SIGQUIT stop every vassal and exit once they are gone
/// (SIGKILL after reload-mercy); SIGHUP reloads every vassal; SIGUSR1 logs their state; SIGURG empties the blacklist.
/// </summary>
public static class EmperorProcess
{
    /// <summary>The version the stats document shows.</summary>
    public static string Version { get; set; } = "0.0.0";

    /// <summary>Name of the variable a tyrant's vassal finds its uid:gid in (see the exe's start).</summary>
    public const string TyrantVariable = VassalLauncher.TyrantVariable;

    /// <summary>Runs the emperor until a stop signal and every vassal is gone; the exit code (1 when it cannot start).</summary>
    /// <param name="options">The emperor's options.</param>
    /// <param name="executable">What each vassal runs (this executable).</param>
    /// <param name="leadingArguments">Arguments before the vassal's own (the assembly, when run by <c>dotnet</c>).</param>
    /// <param name="startDirectory">The emperor's directory: where globs are relative to and their vassals start.</param>
    /// <param name="logger">Where the emperor logs; vassals inherit its stderr.</param>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static int Run(EmperorOptions options, string executable, IReadOnlyList<string> leadingArguments, string startDirectory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        var monitors = new List<VassalMonitor>();
        foreach (var argument in options.Monitors)
        {
            if (VassalMonitor.Create(argument, startDirectory, options.ExtraExtensions, options.NoFollow, options.TyrantNoFollow, out var error) is not { } monitor)
            {
                Console.Error.WriteLine($"gantry: {error}");
                return 1;
            }
            monitors.Add(monitor);
        }
        logger.Starting();
        EmperorStatsServer? stats = null;
        if (options.StatsAddress is { } address)
        {
            try
            {
                stats = EmperorStatsServer.Start(address);
                logger.StatsEnabled(stats.DisplayAddress, stats.Fd);
            }
            catch (InvalidOperationException failure)
            {
                logger.StatsFailed(address, failure.Message);
            }
        }
        if (options.PidFile is { } pidFile)
        {
            File.WriteAllText(pidFile, Environment.ProcessId + "\n");
        }
        using var loop = new EmperorLoop(options, monitors, new VassalLauncher(executable, leadingArguments, options), stats, logger);
        var registrations = new List<PosixSignalRegistration>();
        void On(PosixSignal signal, string name, string action, Action request) =>
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                if (action.Length > 0)
                {
                    logger.SignalReceived(name, action);
                }
                request();
            }));
        On(PosixSignal.SIGINT, "SIGINT", "stopping every vassal", loop.RequestStop);
        On(PosixSignal.SIGTERM, "SIGTERM", "stopping every vassal", loop.RequestStop);
        On(PosixSignal.SIGQUIT, "SIGQUIT", "stopping every vassal", loop.RequestStop);
        On(PosixSignal.SIGHUP, "SIGHUP", "reloading every vassal", loop.RequestReload);
        On((PosixSignal)10, "SIGUSR1", string.Empty, loop.RequestStatus);
        On((PosixSignal)23, "SIGURG", string.Empty, loop.RequestCleanup);
        On(PosixSignal.SIGCHLD, "SIGCHLD", string.Empty, loop.WakeUp);
        try
        {
            return loop.Run();
        }
        finally
        {
            registrations.ForEach(r => r.Dispose());
            stats?.Dispose();
            if (options.PidFile is { } file)
            {
                File.Delete(file);
            }
        }
    }
}
