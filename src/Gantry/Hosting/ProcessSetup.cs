using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Posix.Processes;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>What every gantry process does first: the <c>env</c> variables, then <c>chdir</c> (uWSGI's order).</summary>
internal static class ProcessSetup
{
    /// <summary>Applies env and chdir; false (after logging) when chdir fails.</summary>
    public static bool Apply(GantryOptions options, ILogger logger)
    {
        foreach (var (name, value) in options.Environment)
        {
            NativeEnvironment.Set(name, value);
        }
        if (options.Chdir is not { } directory)
        {
            return true;
        }
        try
        {
            Directory.SetCurrentDirectory(directory);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Our own words: NativeAOT with UseSystemResourceKeys reduces exception texts to resource keys.
            var reason = exception switch
            {
                UnauthorizedAccessException => "permission denied",
                DirectoryNotFoundException or FileNotFoundException => "no such directory",
                _ => File.Exists(directory) ? "not a directory" : "cannot change into it",
            };
            logger.ChdirFailed(directory, reason);
            return false;
        }
    }

    /// <summary>Drops to uid/gid when configured; warns when running as root without them (as uWSGI). False on failure.</summary>
    public static bool DropPrivileges(GantryOptions options, ILogger logger)
    {
        if (options.Uid is null && options.Gid is null)
        {
            if (ProcessPrivileges.IsRoot)
            {
                logger.RunningAsRoot();
            }
            return true;
        }
        if (ProcessPrivileges.Drop(options.Uid, options.Gid) is { } error)
        {
            logger.PrivilegesFailed(error);
            return false;
        }
        return true;
    }
}
