using Gantry.Server.Loop;
using Gantry.Supervisor.Configuration;
using Gantry.Supervisor.Processes;

namespace Gantry.Supervisor;

/// <summary>
/// <c>gantry supervise [-c FILE] [-n]</c> (alias <c>gantry supervisord</c>): reads a supervisord file (searched where
/// supervisord searches without -c), writes the pid file, runs the supervisor until SIGTERM/SIGINT/SIGQUIT or a
/// shutdown call. Also the children's trampoline (<c>supervise --spawn-child</c>).
/// </summary>
public static class SupervisorCommand
{
    public static int Run(string[] args)
    {
        if (args is [_, SpawnTrampoline.Flag, ..])
        {
            return SpawnTrampoline.Run(args);
        }
        string? file = null;
        var nodaemon = false;
        var silent = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "-c" or "--configuration" when i + 1 < args.Length:
                    file = args[++i];
                    break;
                case "-n" or "--nodaemon":
                    nodaemon = true;
                    break;
                case "--silent-daemon":
                    // Set by SupervisorDaemon: nothing is echoed to a terminal the daemon no longer has.
                    silent = true;
                    break;
                case "-h" or "--help":
                    Console.Out.WriteLine("usage: gantry supervise [-c FILE] [-n]\n  runs the programs of a supervisord configuration file; see docs/supervisor.md");
                    return 0;
                default:
                    Console.Error.WriteLine($"Error: option {args[i]} not recognized (gantry supervise takes -c FILE and -n)");
                    return 2;
            }
        }
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = entry.Value as string ?? "";
        }
        var workingDirectory = Directory.GetCurrentDirectory();
        file ??= SupervisorConfigReader.FindDefault(workingDirectory, Environment.ProcessPath);
        if (file is null)
        {
            Console.Error.WriteLine("Error: No config file found at default paths (../etc/supervisord.conf, ../supervisord.conf, ./supervisord.conf, ./etc/supervisord.conf, /etc/supervisord.conf, /etc/supervisor/supervisord.conf); use the -c option to specify a config file at a different path");
            return 2;
        }
        var reader = new SupervisorConfigReader(environment, workingDirectory);
        SupervisorConfig config;
        try
        {
            config = reader.Read(file);
        }
        catch (SupervisorConfigException exception)
        {
            Console.Error.WriteLine($"Error: {exception.Message}");
            return 2;
        }
        // supervisord raises the limits before it daemonizes or opens its log (a daemon inherits them).
        var (raised, limitError) = SupervisorLimits.Raise(config);
        if (limitError is not null)
        {
            Console.Error.WriteLine($"Error: {limitError}\nFor help, use gantry supervise -h");
            return 2;
        }
        if (!nodaemon && !config.Nodaemon)
        {
            return SupervisorDaemon.Start(args, config.Pidfile);
        }
        return Serve(silent ? config with { Silent = true } : config, () => reader.Read(file), raised);
    }

    private static int Serve(SupervisorConfig config, Func<SupervisorConfig> reread, List<string> raised)
    {
        var logFile = new RotatingLog(config.Logfile, config.LogfileMaxBytes, config.LogfileBackups);
        using var log = new SupervisorLog(logFile, echo: !config.Silent, config.LogLevel);
        foreach (var line in raised)
        {
            log.Info(line);
        }
        using var loop = new ServiceLoop(TimeProvider.System);
        var helper = Environment.ProcessPath ?? "/proc/self/exe";
        using var supervisor = new Supervisor(config, loop, log, helper, reread);
        log.Info($"supervisord started with pid {Environment.ProcessId}");
        try
        {
            // The pid file is written once the control socket is bound: a daemon's parent waits for it.
            return supervisor.Run(() => File.WriteAllText(config.Pidfile, Environment.ProcessId + "\n"));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or SupervisorConfigException)
        {
            log.Critical($"could not start: {exception.Message}");
            Console.Error.WriteLine($"Error: {exception.Message}");
            return 2;
        }
        finally
        {
            try
            {
                File.Delete(config.Pidfile);
            }
            catch (IOException)
            {
            }
        }
    }
}
