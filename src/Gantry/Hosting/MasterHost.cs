using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Master;
using Gantry.Master.Processes;
using Gantry.Server.Listeners;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// The master mode (--master, or --processes above 1): env and chdir, bind every socket, write the pid file,
/// drop privileges, then supervise worker processes until shutdown. The master never loads Python; it keeps
/// the listening sockets open for its whole life so connections queue while workers are replaced.
/// </summary>
internal static class MasterHost
{
    /// <summary>The configured sockets in the order <see cref="ListenerBinder"/> binds them (HTTP, uwsgi, FastCGI).</summary>
    private static List<(string Protocol, string Text)> ConfiguredSockets(GantryOptions options) =>
    [
        .. options.HttpSockets.Select(text => (nameof(ListenerProtocol.Http), text.Trim())),
        .. options.UwsgiSockets.Select(text => (nameof(ListenerProtocol.Uwsgi), text.Trim())),
        .. options.FastCgiSockets.Select(text => (nameof(ListenerProtocol.FastCgi), text.Trim())),
    ];

    public static int Run(GantryOptions options, IReadOnlyList<string> arguments, string startDirectory, StderrLoggerProvider loggers)
    {
        var logger = loggers.CreateLogger("gantry");
        if (!ProcessSetup.Apply(options, logger))
        {
            return ExitCodes.ConfigurationError;
        }
        // After a reload the re-executed master keeps its sockets (uWSGI's "binary reloading"); else it binds.
        var listeners = MasterReexec.AdoptInherited(ConfiguredSockets(options), logger) ?? ListenerBinder.BindAll(options, logger);
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
            PidFile.RemoveAll(options);
        }
    }
}
