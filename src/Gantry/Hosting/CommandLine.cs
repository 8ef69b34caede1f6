using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Master.Worker;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// Reads the configuration (command line, ini files, UWSGI_* variables), answers --help and --version,
/// reports every configuration error at once (exit 1), sets up the log file or daemon, logs ignored and
/// not-yet-active options, then runs.
/// </summary>
internal static class CommandLine
{
    public static string Version => typeof(CommandLine).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static int Run(string[] args)
    {
        if (args is ["top", .. var topArguments])
        {
            // A client of a stats server, not a server: no configuration is read.
            return Gantry.Top.TopScreen.Run(topArguments);
        }
        if (args is ["supervise" or "supervisord", ..])
        {
            // supervisord's job, from a supervisord file: no uWSGI configuration is read.
            return Gantry.Supervisor.SupervisorCommand.Run(args);
        }
        if (args is ["ctl", .. var ctlArguments])
        {
            // A client of a supervisor (Gantry's or supervisord): no configuration of ours is read.
            return Gantry.Supervisor.Ctl.CtlCommand.Run(ctlArguments);
        }
        if (EmperorHost.DropToTyrantIdentity() is { } tyrantFailure)
        {
            Console.Error.WriteLine($"gantry: [emperor-tyrant] {tyrantFailure}");
            return ExitCodes.ConfigurationError;
        }
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string ?? string.Empty;
        }
        var startDirectory = Directory.GetCurrentDirectory();
        var result = ConfigurationLoader.Load(args, environment, startDirectory);
        if (result.HelpRequested)
        {
            Console.Out.Write(result.Usage ?? HelpText.Render());
            return ExitCodes.Success;
        }
        if (result.VersionRequested)
        {
            Console.Out.WriteLine($"gantry {Version}");
            return ExitCodes.Success;
        }
        if (result.Succeeded && PythonExecutableHost.ExecIfRequested(result.Options!, args) is { } hostError)
        {
            Console.Error.WriteLine($"gantry: {hostError}");
            return ExitCodes.ConfigurationError;
        }

        using var loggers = new StderrLoggerProvider(LogLevel.Information);
        var logger = loggers.CreateLogger("gantry");
        if (result.Succeeded && WorkerLink.FromEnvironment() is { } worker)
        {
            // A master's worker: the master already reported the configuration's warnings and notices, and opened the
            // req-loggers' files once (a failure stopped it then).
            loggers.Configure(LogSettings.From(result.Options!, worker: true), out _);
            return WorkerProcessHost.Run(result.Options!, worker, loggers);
        }
        // As uWSGI: the log file (or the daemon) is set up first, so the banner and the warnings land in it too;
        // configuration errors stay on the terminal.
        if (result.Succeeded && LogDestination.BeforeBinding(result.Options!, args) is { } exitCode)
        {
            return exitCode;
        }
        if (result.Succeeded && !loggers.Configure(LogSettings.From(result.Options!, worker: false), out var logError))
        {
            Console.Error.WriteLine($"gantry: {logError}");
            return ExitCodes.ConfigurationError;
        }
        // A vassal (UWSGI_EMPEROR_FD set) tells its emperor when it serves, as the daemon's parent and systemd are told.
        var emperor = result.Succeeded && !result.Options!.Emperor.IsConfigured
            ? Master.Vassal.EmperorLink.FromEnvironment(result.Options.Heartbeat, logger)
            : null;
        loggers.Observer = emperor is null ? DaemonReadiness.Observe : eventId =>
        {
            DaemonReadiness.Observe(eventId);
            if (DaemonReadiness.IsReadiness(eventId))
            {
                emperor.OnReadiness();
            }
        };
        foreach (var warning in result.Warnings)
        {
            logger.ConfigurationWarning(warning.ToString());
        }
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine($"gantry: {error}");
            }
            Console.Error.WriteLine($"gantry: {result.Errors.Count} configuration error(s); see `gantry --help`.");
            return ExitCodes.ConfigurationError;
        }
        logger.Starting(Version, System.Environment.ProcessId);
        foreach (var notice in result.Notices)
        {
            logger.Notice(notice);
        }
        var options = result.Options!;
        if (options.Emperor.IsConfigured)
        {
            return EmperorHost.Run(options, startDirectory, logger);
        }
        return options.RunsMaster
            ? MasterHost.Run(options, args, startDirectory, loggers, emperor)
            : SingleProcessHost.Run(options, loggers, emperor);
    }
}
