using System.Runtime.InteropServices;

namespace Gantry.Supervisor.Tests.Infrastructure;

/// <summary>kill(2) for the black-box tests (they signal the processes under test as a user would).</summary>
internal static partial class Native
{
    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);

    /// <summary>Whether a process with this pid runs (a zombie, dead but not yet reaped by whoever adopted it, does not).</summary>
    public static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
