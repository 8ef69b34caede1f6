using System.Globalization;

namespace Gantry.Posix.Processes;

/// <summary>Resident memory of a process from /proc/PID/statm (proc(5): the second field, in pages).</summary>
public static class ProcessMemory
{
    /// <summary>Resident bytes of <paramref name="pid"/>, or 0 when it cannot be read (the process is gone).</summary>
    public static long ResidentBytes(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/statm").Split(' ');
            return fields.Length > 1 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pages)
                ? pages * Environment.SystemPageSize
                : 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
