using Gantry.Logging;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary><c>--pidfile</c>: the pid of the process that owns the instance (the master), written before privileges are dropped.</summary>
internal static class PidFile
{
    public static void Write(string? path, ILogger logger)
    {
        if (path is null)
        {
            return;
        }
        try
        {
            File.WriteAllText(path, $"{Environment.ProcessId}\n");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.PidFileFailed(path, exception.Message);
        }
    }

    /// <summary>With <c>--vacuum</c>: removes the file at exit if it still names this process.</summary>
    public static void Remove(string? path, bool vacuum)
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
}
