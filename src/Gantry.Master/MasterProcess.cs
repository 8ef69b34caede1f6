using Gantry.Master.Control;
using Gantry.Master.Processes;
using Gantry.Master.Scoreboard;
using Gantry.Master.Stats;
using Gantry.Master.Supervision;
using Gantry.Master.Vassal;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Gantry.Posix.Systemd;
using Gantry.Protocols.Emperor;
using Gantry.Server.Listeners;
using Microsoft.Extensions.Logging;

namespace Gantry.Master;

/// <summary>
/// Runs this process as the master: it keeps the listening sockets (bound by the caller) open for its whole
/// life, so connections queue in the kernel while workers come and go, and spawns <see cref="MasterOptions.Workers"/>
/// worker processes of the same executable that adopt them (each loads the application itself, like uWSGI's
/// lazy-apps). Returns when the instance has shut down; on a reload it re-executes itself instead (see
/// <see cref="MasterReexec"/>) and does not return unless that fails.
/// </summary>
public static class MasterProcess
{
    /// <summary>Event id of the master's readiness line ("gantry ready (pid N): …"), for loggers that watch for it.</summary>
    public const int ReadyEventId = 3003;

    /// <summary>Runs the master until shutdown; returns the process exit code.</summary>
    /// <param name="options">Master settings.</param>
    /// <param name="listeners">Bound listeners; the caller owns and closes them after this returns.</param>
    /// <param name="arguments">This process's command-line arguments, passed to every worker unchanged.</param>
    /// <param name="startDirectory">The directory this process started in, where workers start too.</param>
    /// <param name="loggers">Where the master logs.</param>
    /// <param name="scoreboardReady">
    /// Called on the master's thread once the scoreboard exists, before any worker starts: the stats server reads
    /// it from there (workers, records, cores, counters; every field has one writer, reads need no lock).
    /// </param>
    /// <param name="emperor">The link to this vassal's emperor, if an emperor started it: its messages become commands.</param>
    public static int Run(MasterOptions options, IReadOnlyList<Listener> listeners, IReadOnlyList<string> arguments,
        string startDirectory, ILoggerFactory loggers, Action<WorkerScoreboard>? scoreboardReady = null, EmperorLink? emperor = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(listeners);
        var logger = loggers.CreateLogger("gantry");
        var executable = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this executable is unknown");
        if (Path.GetFileName(executable) == "dotnet")
        {
            // Run as `dotnet gantry.dll …` (development): workers and re-execs need the assembly path too.
            arguments = [Environment.GetCommandLineArgs()[0], .. arguments];
        }
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the master runs on Linux only");
        }
        // Installed for the whole image, not just the supervision: disposed before the re-exec, SIGHUP would be back
        // to "terminate" until execve (ReexecSignalMask covers the moments after it).
        var relay = new MasterSignalRelay();
        using var signals = new MasterSignals(options.DieOnTerm, relay.Post);
        var (exitCode, reexec) = Supervise(options, listeners, arguments, startDirectory, executable, logger, scoreboardReady, relay, emperor);
        if (!reexec)
        {
            return exitCode;
        }
        logger.Event("binary reloading gantry...");
        // Type=notify: the same main pid comes back after the execve and says READY=1 once it serves again.
        SystemdNotify.Send("RELOADING=1\nSTATUS=reloading");
        var failure = MasterReexec.Exec(executable, arguments, startDirectory, listeners);
        logger.ReexecFailed(failure);
        return 1;
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static (int ExitCode, bool Reexec) Supervise(MasterOptions options, IReadOnlyList<Listener> listeners, IReadOnlyList<string> arguments,
        string startDirectory, string executable, ILogger logger, Action<WorkerScoreboard>? scoreboardReady, MasterSignalRelay relay,
        EmperorLink? emperor)
    {
        using var channels = MasterChannels.Create(options.Workers, options.Threads, listeners.Count);
        scoreboardReady?.Invoke(channels.Scoreboard);
        using var stats = StartStats(options, listeners, channels.Scoreboard, logger);
        var minimum = WorkerHandoff.FirstListenerFd + listeners.Count + 1;
        var listenerFds = listeners.Select(l => MasterChannels.DuplicateHigh(l.Fd, minimum)).ToArray();
        try
        {
            var description = WorkerHandoff.FormatListeners(listeners.Select(l => (l.Address.Protocol.ToString(), l.Address.Text)).ToList());
            var launcher = new PosixWorkerLauncher(executable, arguments, startDirectory, channels, listenerFds, description);
            var fleet = new WorkerFleet(options, launcher, channels.Scoreboard, TimeProvider.System, logger, ProcessMemory.ResidentBytes);
            using var loop = new MasterLoop();
            relay.Attach(loop.Post);
            try
            {
                StartEmperorLink(emperor, relay, channels.Scoreboard);
                new StatusPipeReader(channels.StatusReadFd, loop.Post).Start();
                using var fifo = OpenFifo(options, loop, logger);
                var exitCode = loop.Run(fleet, TimeProvider.System);
                return (exitCode, fleet.ReexecRequested);
            }
            finally
            {
                relay.Detach();
            }
        }
        finally
        {
            foreach (var fd in listenerFds)
            {
                LibC.close(fd);
            }
        }
    }

    /// <summary>
    /// A vassal's master obeys its emperor as uWSGI's (uwsgi_master_manage_emperor): 0 = shut down now (kill_them_all),
    /// 1 = graceful reload, 2 = graceful shutdown; the emperor gone = shut down now. Loyalty after the first request.
    /// </summary>
    private static void StartEmperorLink(EmperorLink? emperor, MasterSignalRelay relay, WorkerScoreboard scoreboard)
    {
        emperor?.Start(
            message =>
            {
                MasterCommandKind? kind = message switch
                {
                    EmperorMessage.Stop => MasterCommandKind.BrutalShutdown,
                    EmperorMessage.Reload => MasterCommandKind.GracefulReload,
                    EmperorMessage.GracefulStop => MasterCommandKind.GracefulShutdown,
                    _ => null,
                };
                if (kind is { } command)
                {
                    relay.Post(new MasterCommand(command));
                }
            },
            onLost: () => relay.Post(new MasterCommand(MasterCommandKind.BrutalShutdown)),
            requestsServed: () => Enumerable.Range(0, scoreboard.Records).Sum(record => scoreboard.ReadRecord(record).Requests));
    }

    /// <summary>
    /// Starts the stats server and the metrics server when configured; a failure is logged and the master serves without
    /// it (as uWSGI does with a stats address it cannot bind).
    /// </summary>
    private static StatsServers StartStats(MasterOptions options, IReadOnlyList<Listener> listeners, WorkerScoreboard scoreboard, ILogger logger)
    {
        if (options.Stats is not { } settings)
        {
            return new StatsServers([]);
        }
        var sockets = listeners
            .Select(l => new StatsSocket(l.BoundEndpoint?.ToString() ?? l.Address.UnixPath ?? l.Address.Text,
                l.Address.Protocol.ToString().ToLowerInvariant(), l.Fd, options.ListenBacklog, !l.IsUnix))
            .ToList();
        var metrics = new MetricsDocument(scoreboard, sockets);
        var servers = new List<StatsServer>();
        foreach (var (address, role, name) in new[]
        {
            (settings.Address, settings.Http ? StatsServerRole.HttpStats : StatsServerRole.PlainStats, "Stats server"),
            (settings.MetricsAddress, StatsServerRole.Metrics, "Metrics server"),
        })
        {
            if (address is null)
            {
                continue;
            }
            try
            {
                // Each server has its own document: it runs on its own thread, and delta_requests counts per server.
                var document = new StatsDocument(scoreboard, sockets, settings);
                var server = StatsServer.Start(address, role, scoreboard, document, metrics, settings.TimeoutSeconds, logger);
                logger.StatsServerEnabled(name, server.DisplayAddress);
                servers.Add(server);
            }
            catch (InvalidOperationException failure)
            {
                logger.StatsServerFailed(failure.Message);
            }
        }
        return new StatsServers(servers);
    }

    /// <summary>The running stats and metrics servers, stopped together.</summary>
    private sealed class StatsServers(List<StatsServer> servers) : IDisposable
    {
        public void Dispose() => servers.ForEach(server => server.Dispose());
    }

    private static MasterFifo? OpenFifo(MasterOptions options, MasterLoop loop, ILogger logger)
    {
        if (options.MasterFifos.Count == 0)
        {
            return null;
        }
        try
        {
            return MasterFifo.Open(options.MasterFifos[0], loop.Post, logger);
        }
        catch (Exception failure) when (failure is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // A master that cannot take FIFO commands still serves; signals keep working.
            logger.FifoFailed(options.MasterFifos[0], failure is InvalidOperationException ? failure.Message : "cannot replace the file");
            return null;
        }
    }
}
