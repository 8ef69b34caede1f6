using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Master;
using Gantry.Master.Processes;
using Gantry.Server.Listeners;

namespace Gantry.Hosting;

/// <summary>
/// The master mode (--master, or --processes above 1), as <see cref="StartupSequence"/> runs an instance: it binds every
/// socket (or, re-executed on reload, keeps the ones it had), then supervises worker processes until shutdown. The
/// master never loads Python; it keeps the listening sockets open for its whole life so connections queue while
/// workers are replaced.
/// </summary>
internal static class MasterHost
{
    /// <summary>The configured sockets in the order <see cref="ListenerBinder"/> binds them (HTTP, uwsgi, FastCGI, HTTPS, http-to-https).</summary>
    private static List<(string Protocol, string Text)> ConfiguredSockets(GantryOptions options) =>
    [
        .. options.HttpSockets.Select(text => (nameof(ListenerProtocol.Http), text.Trim())),
        .. options.UwsgiSockets.Select(text => (nameof(ListenerProtocol.Uwsgi), text.Trim())),
        .. options.FastCgiSockets.Select(text => (nameof(ListenerProtocol.FastCgi), text.Trim())),
        .. options.HttpsSockets.Select(https => (nameof(ListenerProtocol.Https), https.Address.Trim())),
        .. options.HttpsRedirectSockets.Select(redirect => (nameof(ListenerProtocol.HttpToHttps), redirect.Address.Trim())),
    ];

    public static int Run(GantryOptions options, IReadOnlyList<string> arguments, string startDirectory, StderrLoggerProvider loggers,
        Master.Vassal.EmperorLink? emperor)
    {
        var logger = loggers.CreateLogger("gantry");
        if (!HttpsHosting.CheckFiles(options, logger))
        {
            return ExitCodes.ConfigurationError;
        }
        // log-maxsize: the master rotates the files, the workers follow; checked every second even when the master logs nothing.
        using var rotation = loggers.RotatesFiles ? new Timer(_ => loggers.CheckRotation(), null, 1000, 1000) : null;
        return StartupSequence.RunInstance(options, logger, options.Threads > 1 ? "preforking+threaded" : "preforking",
            // After a reload the re-executed master keeps its sockets (uWSGI's "binary reloading"); else it binds.
            openListeners: () => MasterReexec.AdoptInherited(ConfiguredSockets(options), logger) ?? ListenerBinder.BindAll(options, logger),
            serve: listeners => MasterProcess.Run(MasterOptionMapping.ToMaster(options, listeners), listeners, arguments, startDirectory, loggers,
                emperor: emperor));
    }
}
