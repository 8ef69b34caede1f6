using System.Globalization;

namespace Gantry.FunctionalTests.Support;

/// <summary>Memory figures of a running process from /proc/PID/status (proc(5)).</summary>
internal static class ProcessMemory
{
    /// <summary>VmHWM: the peak resident set size so far, in bytes.</summary>
    public static long PeakResidentBytes(int pid) => ReadKibibytes(pid, "VmHWM:") * 1024;

    private static long ReadKibibytes(int pid, string field)
    {
        // The line reads "VmHWM:     25916 kB".
        var line = File.ReadLines($"/proc/{pid}/status").First(candidate => candidate.StartsWith(field, StringComparison.Ordinal));
        var number = line[field.Length..].Trim().Split(' ')[0];
        return long.Parse(number, CultureInfo.InvariantCulture);
    }
}
