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

    public static int Run(GantryOptions options, StderrLoggerProvider loggers)
    {
        var logger = loggers.CreateLogger("gantry");
        return StartupSequence.RunInstance(options, logger, options.Threads > 1 ? "threaded" : "single process",
            openListeners: () => ListenerBinder.BindAll(options, logger),
            serve: listeners =>
            {
                WarnAboutMasterOptions(options, logger);
                return ApplicationHosts.Serve(options, loggers, logger, application => RunLoops(options, loggers, logger, listeners, application));
            });
    }

    /// <summary>--threads loops until SIGINT, SIGTERM or SIGQUIT.</summary>
    private static int RunLoops(GantryOptions options, ILoggerFactory loggers, ILogger logger, IReadOnlyList<Listener> listeners, IApplication application)
    {
        var server = OptionMapping.ToServer(options);
        var https = HttpsHosting.Create(options, listeners, server, loggers, logger, out var httpsFailed);
        if (httpsFailed)
        {
            return ExitCodes.ConfigurationError;
        }
        using var loops = new LoopThreads(options.Threads, server, listeners, loggers, logger, https);
        using (SignalHandlers.Install(loops, logger))
        {
            loops.Run(application);
        }
        return ExitCodes.Success;
    }
}
