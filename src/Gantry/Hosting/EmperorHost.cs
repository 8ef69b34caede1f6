using Gantry.Configuration;
using Gantry.Emperor;
using Gantry.Posix.Processes;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// The emperor run mode (<c>--emperor DIR|GLOB</c>): this process serves nothing; it runs one vassal per file
/// (Gantry.Emperor). Also the vassal's first step in tyrant mode: become the file owner's uid/gid before anything.
/// </summary>
internal static class EmperorHost
{
    public static int Run(GantryOptions options, string startDirectory, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("the emperor runs on Linux only");
        }
        var executable = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this executable is unknown");
        EmperorProcess.Version = CommandLine.Version;
        // Run as `dotnet gantry.dll …` (development): vassals need the assembly path too.
        IReadOnlyList<string> leading = Path.GetFileName(executable) == "dotnet" ? [Environment.GetCommandLineArgs()[0]] : [];
        if (options.Emperor.Wrapper is { } wrapper)
        {
            if (FindProgram(wrapper) is not { } found)
            {
                Console.Error.WriteLine($"gantry: emperor-wrapper = {wrapper}: no such program (give its path, or put it in PATH)");
                return ExitCodes.ConfigurationError;
            }
            (executable, leading) = (found, []);
        }
        return EmperorProcess.Run(options.Emperor, executable, leading, startDirectory, logger);
    }

    /// <summary>A program name as execvp finds it: a path when it has a slash, else the first match in PATH.</summary>
    private static string? FindProgram(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name) ? Path.GetFullPath(name) : null;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// In a tyrant's vassal (<see cref="EmperorProcess.TyrantVariable"/> = "uid:gid", set by the emperor because .NET cannot
    /// run code between fork and exec): drops to that identity before the configuration is read, as uWSGI's emperor
    /// does in the forked child. Null when done or not asked; else what failed (the vassal must not run as root).
    /// </summary>
    public static string? DropToTyrantIdentity()
    {
        var identity = Environment.GetEnvironmentVariable(EmperorProcess.TyrantVariable);
        if (string.IsNullOrEmpty(identity))
        {
            return null;
        }
        NativeEnvironment.Remove(EmperorProcess.TyrantVariable);
        if (identity.Split(':') is not [var uid, var gid])
        {
            return $"{EmperorProcess.TyrantVariable}={identity} is not uid:gid";
        }
        // Not root: setgid/setuid fail unless the ids are this process's own, so the vassal refuses to run, as uWSGI's.
        return ProcessPrivileges.Drop(uid, gid);
    }
}
