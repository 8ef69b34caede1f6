using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Python;
using Gantry.Python.Runtime;
using Gantry.Python.Wsgi;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// The single-process mode (no --master, one process): apply the environment and chdir, bind, drop
/// privileges, load the app in embedded Python, serve on --threads loops until a stop signal, then shut
/// Python down cleanly.
/// </summary>
internal static class SingleProcessHost
{
    private static readonly TimeSpan FinalizeMercy = TimeSpan.FromSeconds(10);

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
        if (!ProcessSetup.Apply(options, logger))
        {
            return ExitCodes.ConfigurationError;
        }
        var listeners = ListenerBinder.BindAll(options, logger);
        if (listeners is null)
        {
            return ExitCodes.ConfigurationError;
        }
        PidFile.WriteBeforeDrop(options, logger);
        try
        {
            if (!ProcessSetup.DropPrivileges(options, logger) || !LogDestination.AfterPrivileges(options, logger))
            {
                return ExitCodes.ConfigurationError;
            }
            PidFile.WriteAfterDrop(options, logger);
            logger.OperationalMode(options.Threads > 1 ? "threaded" : "single process");
            WarnAboutMasterOptions(options, logger);
            PythonRuntime runtime;
            try
            {
                runtime = WsgiHost.Start(OptionMapping.ToPython(options), loggers);
            }
            catch (PythonStartupException failure)
            {
                StartupFailure.Log(failure, logger);
                return failure.ExitCode;
            }
            using (var loops = new LoopThreads(options.Threads, OptionMapping.ToServer(options), listeners, loggers, logger))
            using (SignalHandlers.Install(loops, logger))
            {
                loops.Run(RequestRouting.Compose(options, runtime.Application, loggers));
            }
            runtime.Shutdown(FinalizeMercy);
            logger.Goodbye();
            return ExitCodes.Success;
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Close(removeUnixFile: options.Vacuum);
            }
            PidFile.RemoveAll(options);
        }
    }
}
