using Gantry.Posix.Native;

namespace Gantry.Posix.Processes;

/// <summary>
/// Collects every child that has ended, without blocking (waitpid(-1, WNOHANG) until none is left). It reaps every
/// child of the process, so it belongs where one loop owns them all (the master's, on SIGCHLD); code that owns only
/// some of a process's children waits for each by pid.
/// </summary>
public static unsafe class ChildReaper
{
    /// <summary>Calls <paramref name="onExit"/> for each ended child; returns how many.</summary>
    public static int ReapAll(Action<int, WaitStatus> onExit)
    {
        var count = 0;
        while (true)
        {
            int status;
            var pid = LibC.waitpid(-1, &status, LibC.WNOHANG);
            if (pid > 0)
            {
                count++;
                onExit(pid, new WaitStatus(status));
                continue;
            }
            if (pid < 0 && LibC.Errno == LibC.EINTR)
            {
                continue;
            }
            return count;
        }
    }
}
