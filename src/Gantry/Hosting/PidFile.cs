using Gantry.Configuration;
using Gantry.Logging;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// The pid files, as uWSGI writes them (core/uwsgi.c): <c>pidfile</c> and <c>safe-pidfile</c> before privileges are
/// dropped, <c>pidfile2</c> and <c>safe-pidfile2</c> after (so the uid user owns them). The safe ones are written to
/// a temporary file in the same directory and renamed over the target, so a reader never sees a partial file.
/// None is rewritten by a master that re-executed itself on reload: its pid has not changed.
/// </summary>
internal static class PidFile
{
    /// <summary>pidfile and safe-pidfile.</summary>
    public static void WriteBeforeDrop(GantryOptions options, ILogger logger)
    {
        if (!LogDestination.IsReload)
        {
            Write(options.PidFile, logger);
            WriteAtomically(options.SafePidFile, logger);
        }
    }

    /// <summary>pidfile2 and safe-pidfile2.</summary>
    public static void WriteAfterDrop(GantryOptions options, ILogger logger)
    {
        if (!LogDestination.IsReload)
        {
            Write(options.PidFile2, logger);
            WriteAtomically(options.SafePidFile2, logger);
        }
    }

    /// <summary>With <c>--vacuum</c>: removes every pid file that still names this process.</summary>
    public static void RemoveAll(GantryOptions options)
    {
        foreach (var path in (ReadOnlySpan<string?>)[options.PidFile, options.SafePidFile, options.PidFile2, options.SafePidFile2])
        {
            Remove(path, options.Vacuum);
        }
    }

    private static void Write(string? path, ILogger logger)
    {
        if (path is null)
        {
            return;
        }
        try
        {
            File.WriteAllText(path, Contents);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.PidFileFailed(path, exception.Message);
        }
    }

    private static void WriteAtomically(string? path, ILogger logger)
    {
        if (path is null)
        {
            return;
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temporary, Contents);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.PidFileFailed(path, exception.Message);
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>With <c>--vacuum</c>: removes the file at exit if it still names this process.</summary>
    private static void Remove(string? path, bool vacuum)
    {
        if (path is null || !vacuum)
        {
            return;
        }
        try
        {
            if (File.Exists(path) && File.ReadAllText(path).Trim() == Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                File.Delete(path);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static string Contents => $"{Environment.ProcessId}\n";
}
