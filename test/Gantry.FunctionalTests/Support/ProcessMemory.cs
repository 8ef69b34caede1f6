using System.Globalization;

namespace Gantry.FunctionalTests.Support;

/// <summary>Memory figures of a running process from /proc/PID/status (proc(5)).</summary>
internal static class ProcessMemory
{
    /// <summary>VmHWM: the peak resident set size so far, in bytes.</summary>
    public static long PeakResidentBytes(int pid) => ReadKibibytes(pid, "VmHWM:") * 1024;

    /// <summary>VmRSS: the resident set size now, in bytes.</summary>
    public static long ResidentBytes(int pid) => ReadKibibytes(pid, "VmRSS:") * 1024;

    /// <summary>User plus system CPU time the process has used so far (utime + stime of /proc/PID/stat).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15, in clock ticks (100/s).
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static long ReadKibibytes(int pid, string field)
    {
        // The line reads "VmHWM:     25916 kB".
        var line = File.ReadLines($"/proc/{pid}/status").First(candidate => candidate.StartsWith(field, StringComparison.Ordinal));
        var number = line[field.Length..].Trim().Split(' ')[0];
        return long.Parse(number, CultureInfo.InvariantCulture);
    }
}
