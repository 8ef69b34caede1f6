using Gantry.Application;
using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Master.Processes;
using Gantry.Master.Worker;
using Gantry.Server.Listeners;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// A worker process started by a master, as <see cref="StartupSequence"/> runs a worker: it read the same command line,
/// so it has the same options; it adopts the master's listening sockets instead of binding, loads the application
/// itself (as uWSGI's lazy-apps, <see cref="ApplicationHosts"/>), reports ready on the status pipe, serves on --threads
/// loops with every request going through the scoreboard, and exits with 17 after a graceful stop (SIGHUP,
/// max-requests, reload-on-rss) or 30 after a brutal one. It dies at once if its master dies.
/// </summary>
internal static class WorkerProcessHost
{
    public static int Run(GantryOptions options, WorkerLink link, StderrLoggerProvider provider)
    {
        using var _ = link;
        var loggers = new FilteredLoggerFactory(provider, LoopThreads.ReadinessEventId);
        var logger = loggers.CreateLogger("gantry");
        link.WatchMaster(() => logger.MasterGone(link.WorkerId));
        return StartupSequence.RunWorker(options, logger,
            adoptListeners: () => AdoptListeners(link, logger),
            serve: listeners => ApplicationHosts.Serve(options, loggers, logger,
                application => RunLoops(options, link, loggers, provider, logger, listeners, application),
                new ScoreboardRuntimeCounters(link.Scoreboard, link.Record)));
    }

    private static List<Listener>? AdoptListeners(WorkerLink link, ILogger logger)
    {
        try
        {
            return link.AdoptListeners();
        }
        catch (FormatException failure)
        {
            logger.WorkerHandoffFailed(link.WorkerId, failure.Message);
            return null;
        }
    }

    /// <summary>--threads loops (the scoreboard's cores), every request through the scoreboard, until a signal or the recycler stops them.</summary>
    private static int RunLoops(GantryOptions options, WorkerLink link, ILoggerFactory loggers, StderrLoggerProvider writer, ILogger logger,
        IReadOnlyList<Listener> listeners,
        IApplication routed)
    {
        var recycler = new WorkerRecycler(link.Scoreboard, link.Record, options.MaxRequests, options.ReloadOnRss,
            TimeSpan.FromSeconds(options.MinWorkerLifetime), TimeProvider.System, logger);
        var application = new ScoreboardApplication(routed, link.Scoreboard, link.Record, recycler);
        var serverOptions = OptionMapping.ToServer(options) with
        {
            WorkerId = link.WorkerId,
            GracefulTimeoutSeconds = options.WorkerReloadMercy,
        };
        var exitCode = WorkerExitCodes.End;
        var https = HttpsHosting.Create(options, listeners, ref serverOptions, loggers, logger, out var httpsFailed);
        if (httpsFailed)
        {
            return ExitCodes.ConfigurationError;
        }
        using (var loops = new LoopThreads(link.Cores, serverOptions, listeners, loggers, logger, writer.RequestLines, https))
        {
            void Stop(bool graceful)
            {
                exitCode = graceful ? WorkerExitCodes.Reload : WorkerExitCodes.End;
                link.ReportStopping();
                loops.RequestStop(graceful);
            }
            recycler.RecycleRequested += () => Stop(graceful: true);
            using (WorkerSignals.Install(Stop))
            {
                loops.Run(application, link.ReportReady);
            }
        }
        return exitCode;
    }
}
