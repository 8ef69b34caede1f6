using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Master;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// The master mode (--master, or --processes above 1): env and chdir, bind every socket, write the pid file,
/// drop privileges, then supervise worker processes until shutdown. The master never loads Python; it keeps
/// the listening sockets open for its whole life so connections queue while workers are replaced.
/// </summary>
internal static class MasterHost
{
    public static int Run(GantryOptions options, IReadOnlyList<string> arguments, string startDirectory, StderrLoggerProvider loggers)
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
            logger.OperationalMode(options.Threads > 1 ? "preforking+threaded" : "preforking");
            var exitCode = MasterProcess.Run(MasterOptionMapping.ToMaster(options, listeners), listeners, arguments, startDirectory, loggers);
            if (exitCode == ExitCodes.Success)
            {
                logger.Goodbye();
            }
            return exitCode;
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
