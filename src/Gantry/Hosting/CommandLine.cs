using Gantry.Configuration;
using Gantry.Logging;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// Reads the configuration (command line, ini files, UWSGI_* variables), answers --help and --version,
/// reports every configuration error at once (exit 1), logs ignored and not-yet-active options, then runs.
/// </summary>
internal static class CommandLine
{
    public static string Version => typeof(CommandLine).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static int Run(string[] args)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string ?? string.Empty;
        }
        var result = ConfigurationLoader.Load(args, environment, Directory.GetCurrentDirectory());
        if (result.HelpRequested)
        {
            Console.Out.Write(HelpText.Render());
            return ExitCodes.Success;
        }
        if (result.VersionRequested)
        {
            Console.Out.WriteLine($"gantry {Version}");
            return ExitCodes.Success;
        }

        using var loggers = new StderrLoggerProvider(LogLevel.Information);
        var logger = loggers.CreateLogger("gantry");
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
        return WorkerHost.Run(result.Options!, loggers);
    }
}
