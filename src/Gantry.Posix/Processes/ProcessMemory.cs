using System.Globalization;

namespace Gantry.Posix.Processes;

/// <summary>Memory of a process from /proc/PID/statm (proc(5): size and resident, the first two fields, in pages).</summary>
public static class ProcessMemory
{
    /// <summary>Resident bytes of <paramref name="pid"/>, or 0 when it cannot be read (the process is gone).</summary>
    public static long ResidentBytes(int pid) => Sizes(pid).Resident;

    /// <summary>Virtual and resident bytes of <paramref name="pid"/>, or zeros when they cannot be read.</summary>
    public static (long Virtual, long Resident) Sizes(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/statm").Split(' ');
            return fields.Length > 1
                && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var resident)
                ? (size * Environment.SystemPageSize, resident * Environment.SystemPageSize)
                : (0, 0);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (0, 0);
        }
    }
}
