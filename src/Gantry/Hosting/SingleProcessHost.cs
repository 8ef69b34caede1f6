using Gantry.Application;
using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Server.Listeners;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// The single-process mode (no --master, one process), as <see cref="StartupSequence"/> runs an instance: it binds the
/// sockets itself, warns about the options only a master enforces, and serves on --threads loops
/// (<see cref="ApplicationHosts"/>) until a stop signal.
/// </summary>
internal static class SingleProcessHost
{
    private static void WarnAboutMasterOptions(GantryOptions options, ILogger logger)
    {
        var ignored = new List<string>();
        if (options.Harakiri > 0)
        {
            ignored.Add("harakiri");
        }
        if (options.MaxRequests > 0)
        {
            ignored.Add("max-requests");
        }
        if (options.MaxWorkerLifetime > 0)
        {
            ignored.Add("max-worker-lifetime");
        }
        if (options.ReloadOnRss > 0 || options.EvilReloadOnRss > 0)
        {
            ignored.Add("reload-on-rss");
        }
        if (options.MasterFifos.Count > 0 || options.TouchReload.Count > 0 || options.TouchChainReload.Count > 0 || options.TouchWorkersReload.Count > 0)
        {
            ignored.Add("master-fifo/touch-reload");
        }
        if (ignored.Count > 0)
        {
            logger.NeedsMaster(string.Join(", ", ignored));
        }
    }

    public static int Run(GantryOptions options, StderrLoggerProvider loggers, Master.Vassal.EmperorLink? emperor)
    {
        var logger = loggers.CreateLogger("gantry");
        return StartupSequence.RunInstance(options, logger, options.Threads > 1 ? "threaded" : "single process",
            openListeners: () => ListenerBinder.BindAll(options, logger),
            serve: listeners =>
            {
                WarnAboutMasterOptions(options, logger);
                return ApplicationHosts.Serve(options, loggers, logger, application => RunLoops(options, loggers, logger, listeners, application, emperor));
            });
    }

    /// <summary>
    /// --threads loops until SIGINT, SIGTERM or SIGQUIT, or until the emperor of a vassal says stop (0 at once, 2
    /// gracefully) or reload (1: without a master there is nothing to reload in place, so the vassal stops gracefully
    /// and exits with a failure code, and its emperor starts it again), or goes away.
    /// </summary>
    private static int RunLoops(GantryOptions options, StderrLoggerProvider loggers, ILogger logger, IReadOnlyList<Listener> listeners,
        IApplication application, Master.Vassal.EmperorLink? emperor)
    {
        var server = OptionMapping.ToServer(options);
        var https = HttpsHosting.Create(options, listeners, ref server, loggers, logger, out var httpsFailed);
        if (httpsFailed)
        {
            return ExitCodes.ConfigurationError;
        }
        using var loops = new LoopThreads(options.Threads, server, listeners, loggers, logger, loggers.RequestLines, https);
        var exitCode = ExitCodes.Success;
        using (SignalHandlers.Install(loops, logger, https))
        {
            emperor?.Start(
                message =>
                {
                    if (message == Protocols.Emperor.EmperorMessage.Reload)
                    {
                        exitCode = ExitCodes.VassalReload;
                    }
                    loops.RequestStop(graceful: message != Protocols.Emperor.EmperorMessage.Stop);
                },
                onLost: () =>
                {
                    exitCode = ExitCodes.ConfigurationError;
                    loops.RequestStop(graceful: false);
                },
                requestsServed: null);
            loops.Run(application);
        }
        emperor?.Dispose();
        return exitCode;
    }
}
