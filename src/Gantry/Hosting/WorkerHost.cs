using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Python;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// The single-process mode (no --master, one process): apply the environment and chdir, bind, drop
/// privileges, load the app in embedded Python, serve on --threads loops until a stop signal, then shut
/// Python down cleanly.
/// </summary>
internal static class WorkerHost
{
    private static readonly TimeSpan FinalizeMercy = TimeSpan.FromSeconds(10);

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
        PidFile.Write(options.PidFile, logger);
        try
        {
            if (!ProcessSetup.DropPrivileges(options, logger))
            {
                return ExitCodes.ConfigurationError;
            }
            logger.OperationalMode(options.Threads > 1 ? "threaded" : "single process");
            PythonRuntime runtime;
            try
            {
                runtime = PythonRuntime.Start(OptionMapping.ToPython(options), loggers);
            }
            catch (PythonStartupException failure)
            {
                logger.AppLoadFailed(failure.Message);
                return failure.ExitCode;
            }
            using (var loops = new LoopThreads(options.Threads, OptionMapping.ToServer(options), listeners, loggers, logger))
            using (SignalHandlers.Install(loops, logger))
            {
                loops.Run(runtime.Application);
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
            PidFile.Remove(options.PidFile, options.Vacuum);
        }
    }
}
