using Gantry.Logging;
using Gantry.Python;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>Logs why Python or the application could not start, once.</summary>
internal static class StartupFailure
{
    public static void Log(PythonStartupException failure, ILogger logger)
    {
        if (failure.ExitCode == PythonStartupException.FailedApplicationExitCode
            && failure.Message.StartsWith("Cannot load the WSGI app", StringComparison.Ordinal))
        {
            // The host already logged the application's traceback when the load failed; repeating it buries it.
            logger.AppLoadFailed("the application could not be loaded (need-app): exiting with code 22");
            return;
        }
        logger.AppLoadFailed(failure.Message);
    }
}
