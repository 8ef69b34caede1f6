using System.Globalization;
using Gantry.Posix.Native;

namespace Gantry.Supervisor.Processes;

/// <summary>
/// The supervisor's memory when it is quiet. Gantry is one binary for the server, Python, PHP, CGI and the
/// supervisor; a supervisor that answered a few control requests has touched megabytes of that binary's code and
/// unwind tables, and its GC heap has grown to the budget of those requests. Once nothing happened for
/// <see cref="QuietSeconds"/> (no control request, no process state change), it collects its heap compactly and
/// hands every unused page back (the GC's aggressive mode), and asks the kernel to reclaim the clean file pages it
/// maps read-only (MADV_PAGEOUT: pages of the binary and libraries that another process also maps stay; the rest are
/// read again from the file when touched). Measured in bench/results (the idle RSS, and the RSS right after a burst
/// of requests). The loop's turn touches a small working set again within a tenth of a second.
/// </summary>
internal static unsafe class SupervisorMemory
{
    public const double QuietSeconds = 2;

    /// <summary>Trims; the resident set before and after, in KiB (for the main log's debug line).</summary>
    public static (long Before, long After) Trim()
    {
        var before = ResidentKiB();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            // start-end perms offset dev inode path
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || !fields[5].StartsWith('/') || fields[1][1] == 'w')
            {
                continue;
            }
            var dash = fields[0].IndexOf('-', StringComparison.Ordinal);
            var start = ulong.Parse(fields[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var end = ulong.Parse(fields[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            // A kernel without MADV_PAGEOUT (before 5.4) answers EINVAL: nothing is lost.
            LibC.madvise((void*)start, (nint)(end - start), LibC.MADV_PAGEOUT);
        }
        return (before, ResidentKiB());
    }

    /// <summary>The resident set in KiB (/proc/self/statm's second field, in pages).</summary>
    private static long ResidentKiB()
    {
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize / 1024;
    }
}
