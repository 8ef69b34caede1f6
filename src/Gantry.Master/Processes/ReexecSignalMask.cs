using Gantry.Posix.Native;
using Gantry.Posix.Processes;

namespace Gantry.Master.Processes;

/// <summary>
/// Closes the window in which a master re-executing itself (SIGHUP / SIGTERM reload) would die of a signal: the new
/// image starts with every disposition at its default ("terminate") until the .NET runtime is up and gantry has
/// installed its handlers, tens of milliseconds later. The signal mask survives execve(2), so the master blocks
/// the signals that mean something to it just before the exec, and the new image unblocks them once its handlers are
/// installed: a signal sent meanwhile stays pending and is handled then (a second SIGHUP is one more reload).
/// </summary>
public static unsafe class ReexecSignalMask
{
    private static readonly int[] Signals =
    [
        SignalNumbers.SIGHUP, SignalNumbers.SIGINT, SignalNumbers.SIGQUIT,
        SignalNumbers.SIGUSR1, SignalNumbers.SIGUSR2, SignalNumbers.SIGTERM,
    ];

    /// <summary>Blocks the master's signals on the calling thread (the one about to call execve).</summary>
    public static void BlockForExec() => Change(LibC.SIG_BLOCK);

    /// <summary>
    /// Unblocks them on the calling thread: call once the handlers are installed, on the thread that lives as long as
    /// the process (the main thread). Harmless when nothing was blocked.
    /// </summary>
    public static void Unblock() => Change(LibC.SIG_UNBLOCK);

    private static void Change(int how)
    {
        var set = stackalloc byte[LibC.SignalSetSize];
        LibC.sigemptyset(set);
        foreach (var signal in Signals)
        {
            LibC.sigaddset(set, signal);
        }
        LibC.pthread_sigmask(how, set, null);
    }
}
