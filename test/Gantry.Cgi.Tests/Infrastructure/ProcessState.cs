namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>Whether a process is still alive, read from /proc (a zombie counts as gone: it runs nothing).</summary>
internal static class ProcessState
{
    public static bool IsGone(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return true;
        }
        // "pid (comm) S …": the state follows the last ')', since comm may hold one.
        var state = stat[(stat.LastIndexOf(')') + 2)..];
        return state.StartsWith('Z') || state.StartsWith('X');
    }

    public static void WaitUntilGone(int pid, string what) => Bounded.Until(() => IsGone(pid), $"{what} (pid {pid}) to be gone");
}
