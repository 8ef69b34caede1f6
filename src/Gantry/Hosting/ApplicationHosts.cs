using Gantry.Application;
using Gantry.Application.Routing;
using Gantry.Configuration;
using Gantry.Python;
using Gantry.Python.Asgi;
using Gantry.Python.Runtime;
using Gantry.Python.Wsgi;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// What answers requests in a process that serves them (the single process, a master's worker), started once for
/// both: the Python host when the configuration needs it (<see cref="GantryOptions.StartsPython"/>), else
/// <see cref="NotFoundApplication"/> (a CGI-only or PHP-only site never loads libpython), behind the request router
/// (<see cref="RequestRouting"/>). Python starts on the calling thread, which becomes its main thread and must run
/// loop 0, and is shut down there once the loops stopped.
/// </summary>
internal static class ApplicationHosts
{
    private static readonly TimeSpan FinalizeMercy = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts the hosts, runs <paramref name="runLoops"/> over the composed application, then shuts the hosts down.
    /// Returns what <paramref name="runLoops"/> returned, or Python's start-up exit code (1, or 22 when the
    /// application failed to load) after logging why.
    /// </summary>
    public static int Serve(GantryOptions options, ILoggerFactory loggers, ILogger logger, Func<IApplication, int> runLoops,
        IRuntimeCounters? runtimeCounters = null)
    {
        if (!options.StartsPython)
        {
            return runLoops(RequestRouting.Compose(options, NotFoundApplication.Instance, loggers));
        }
        PythonRuntime python;
        try
        {
            var pythonOptions = OptionMapping.ToPython(options) with { RuntimeCounters = runtimeCounters };
            python = pythonOptions.Asgi is null ? WsgiHost.Start(pythonOptions, loggers) : AsgiHost.Start(pythonOptions, loggers);
        }
        catch (PythonStartupException failure)
        {
            StartupFailure.Log(failure, logger);
            return failure.ExitCode;
        }
        var exitCode = runLoops(RequestRouting.Compose(options, python.Application, loggers));
        python.Shutdown(FinalizeMercy);
        return exitCode;
    }
}
