using Gantry.Configuration;
using Gantry.Logging;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>What every gantry process does first: the <c>env</c> variables, then <c>chdir</c> (uWSGI's order).</summary>
internal static class ProcessSetup
{
    /// <summary>Applies env, max-fd and chdir; false (after logging) when chdir fails.</summary>
    public static bool Apply(GantryOptions options, ILogger logger)
    {
        foreach (var (name, value) in options.Environment)
        {
            NativeEnvironment.Set(name, value);
        }
        if (options.MaxFd > 0)
        {
            SetOpenFileLimit(options.MaxFd, logger);
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

    /// <summary>
    /// uWSGI's max-fd: the soft and hard open-file limits set to <paramref name="limit"/>, before any socket is bound, so
    /// workers (which inherit limits) get it too; as uWSGI, a refusal (raising the hard limit needs root) is logged and
    /// start-up goes on with the limit there was. Both outcomes say the limit in force, as uWSGI's "detected max file
    /// descriptor number".
    /// </summary>
    private static unsafe void SetOpenFileLimit(int limit, ILogger logger)
    {
        var wanted = new LibC.RLimit { Current = (ulong)limit, Maximum = (ulong)limit };
        if (LibC.setrlimit(LibC.RLIMIT_NOFILE, &wanted) != 0)
        {
            var error = LibC.ErrorText(LibC.Errno);
            LibC.RLimit current;
            LibC.getrlimit(LibC.RLIMIT_NOFILE, &current);
            logger.MaxFdRefused(limit, error, (long)current.Current, (long)current.Maximum);
            return;
        }
        logger.MaxFdSet(limit);
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
