using Gantry.Posix.Native;
using Gantry.Posix.Systemd;

namespace Gantry.Hosting;

/// <summary>
/// daemonize2's side in the daemon: one byte on the pipe from the waiting parent when the readiness line is logged
/// (the single-process server's or the master's, once every worker serves), then the pipe is closed. If the daemon
/// exits first, the kernel closes the pipe and the parent sees end-of-file instead. The same moment is systemd's
/// READY=1 for a Type=notify service (sd_notify through $NOTIFY_SOCKET).
/// </summary>
internal static unsafe class DaemonReadiness
{
    /// <summary>The server's readiness line (LoopThreads.ReadinessEventId).</summary>
    private const int ServerReadyEventId = LoopThreads.ReadinessEventId;

    /// <summary>The master's readiness line (Gantry.Master's MasterLog.Ready).</summary>
    private const int MasterReadyEventId = Master.MasterProcess.ReadyEventId;

    private static int s_fd = -1;

    /// <summary>Takes over the pipe's write end.</summary>
    public static void Adopt(int fd) => s_fd = fd;

    /// <summary>Whether <paramref name="eventId"/> is a readiness line (the single process's or the master's).</summary>
    public static bool IsReadiness(int eventId) => eventId is ServerReadyEventId or MasterReadyEventId;

    /// <summary>Observes every logged event id; reports readiness once (and to systemd, when it asked, every time).</summary>
    public static void Observe(int eventId)
    {
        if (!IsReadiness(eventId))
        {
            return;
        }
        // Type=notify: READY=1 when the instance serves (again after a master re-exec, which first said RELOADING=1).
        SystemdNotify.Send($"READY=1\nSTATUS=serving (pid {Environment.ProcessId})");
        if (Volatile.Read(ref s_fd) < 0)
        {
            return;
        }
        var fd = Interlocked.Exchange(ref s_fd, -1);
        if (fd < 0)
        {
            return;
        }
        byte ready = 1;
        LibC.write(fd, &ready, 1);
        LibC.close(fd);
    }
}
