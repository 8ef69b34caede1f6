using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Python;
using Gantry.Server;
using Gantry.Server.Listeners;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// The single-process mode: apply the environment and chdir, bind, load the app in embedded Python,
/// serve on the main thread until a stop signal, then shut Python down cleanly.
/// </summary>
internal static class WorkerHost
{
    private static readonly TimeSpan FinalizeMercy = TimeSpan.FromSeconds(10);

    public static int Run(GantryOptions options, StderrLoggerProvider loggers)
    {
        var logger = loggers.CreateLogger("gantry");
        foreach (var (name, value) in options.Environment)
        {
            NativeEnvironment.Set(name, value);
        }
        if (options.Chdir is { } directory)
        {
            try
            {
                Directory.SetCurrentDirectory(directory);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                logger.ChdirFailed(directory, exception.Message);
                return ExitCodes.ConfigurationError;
            }
        }

        var listeners = ListenerBinder.BindAll(options, logger);
        if (listeners is null)
        {
            return ExitCodes.ConfigurationError;
        }
        try
        {
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
            using (var server = new WorkerServer(OptionMapping.ToServer(options), listeners, loggers, TimeProvider.System))
            using (SignalHandlers.Install(server, logger))
            using (var mainLoopThread = runtime.Application.AttachThread(0))
            {
                server.Run(mainLoopThread);
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
        }
    }
}
