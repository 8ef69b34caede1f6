namespace Gantry.Cgi;

/// <summary>Whether a process is running or runnable (state R in /proc/PID/stat, proc(5)), for launch pacing.</summary>
internal static class CgiProcessState
{
    /// <summary>True when <paramref name="pid"/> is on a CPU or waiting for one; false when it sleeps, waits, or is gone.</summary>
    public static bool IsRunning(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        // "pid (comm) S ...": comm may hold spaces and parentheses, so the state follows the last ')'.
        var end = stat.LastIndexOf(')');
        return end >= 0 && end + 2 < stat.Length && stat[end + 2] == 'R';
    }
}
