using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Master.Processes;
using Gantry.Master.Worker;
using Gantry.Python;
using Gantry.Python.Runtime;
using Gantry.Python.Wsgi;
using Gantry.Server.Listeners;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// A worker process started by a master: it read the same command line, so it has the same options; it adopts
/// the master's listening sockets instead of binding, loads the application itself (as uWSGI's lazy-apps),
/// reports ready on the status pipe, serves on --threads loops with every request going through the
/// scoreboard, and exits with 17 after a graceful stop (SIGHUP, max-requests, reload-on-rss) or 30 after a
/// brutal one. It dies at once if its master dies.
/// </summary>
internal static class WorkerProcessHost
{
    private static readonly TimeSpan FinalizeMercy = TimeSpan.FromSeconds(10);

    public static int Run(GantryOptions options, WorkerLink link, StderrLoggerProvider provider)
    {
        using var _ = link;
        var loggers = new FilteredLoggerFactory(provider, LoopThreads.ReadinessEventId);
        var logger = loggers.CreateLogger("gantry");
        link.WatchMaster(() => logger.MasterGone(link.WorkerId));
        if (!ProcessSetup.Apply(options, logger))
        {
            return ExitCodes.ConfigurationError;
        }
        List<Listener> listeners;
        try
        {
            listeners = link.AdoptListeners();
        }
        catch (FormatException failure)
        {
            logger.WorkerHandoffFailed(link.WorkerId, failure.Message);
            return ExitCodes.ConfigurationError;
        }
        try
        {
            return Serve(options, link, loggers, provider, logger, listeners);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Close(removeUnixFile: false);
            }
        }
    }

    private static int Serve(GantryOptions options, WorkerLink link, ILoggerFactory loggers, StderrLoggerProvider provider, ILogger logger,
        List<Listener> listeners)
    {
        PythonRuntime runtime;
        try
        {
            runtime = WsgiHost.Start(OptionMapping.ToPython(options), provider);
        }
        catch (PythonStartupException failure)
        {
            StartupFailure.Log(failure, logger);
            return failure.ExitCode;
        }
        var recycler = new WorkerRecycler(link.Scoreboard, link.Record, options.MaxRequests, options.ReloadOnRss,
            TimeSpan.FromSeconds(options.MinWorkerLifetime), TimeProvider.System, logger);
        var application = new ScoreboardApplication(RequestRouting.Compose(options, runtime.Application, loggers), link.Scoreboard, link.Record, recycler);
        var serverOptions = OptionMapping.ToServer(options) with
        {
            WorkerId = link.WorkerId,
            GracefulTimeoutSeconds = options.WorkerReloadMercy,
        };
        var exitCode = WorkerExitCodes.End;
        using (var loops = new LoopThreads(link.Cores, serverOptions, listeners, loggers, logger))
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
        runtime.Shutdown(FinalizeMercy);
        return exitCode;
    }
}
