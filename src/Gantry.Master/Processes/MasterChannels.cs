using Gantry.Master.Scoreboard;
using Gantry.Posix.Native;

namespace Gantry.Master.Processes;

/// <summary>
/// The descriptors a master shares with its workers, all close-on-exec in the master and all numbered above
/// the fixed slots of <see cref="WorkerHandoff"/> (so a dup2 in the spawn file actions never overwrites a
/// source still to be copied):
/// the lifeline pipe (workers hold the read end; only the master holds the write end, so its death is EOF),
/// the status pipe (workers write fixed-size messages; the master reads), and the scoreboard memfd.
/// </summary>
internal sealed unsafe class MasterChannels : IDisposable
{
    private MasterChannels(int lifelineRead, int lifelineWrite, int statusRead, int statusWrite, WorkerScoreboard scoreboard, int scoreboardFd)
    {
        LifelineReadFd = lifelineRead;
        LifelineWriteFd = lifelineWrite;
        StatusReadFd = statusRead;
        StatusWriteFd = statusWrite;
        Scoreboard = scoreboard;
        ScoreboardFd = scoreboardFd;
    }

    public int LifelineReadFd { get; }

    public int LifelineWriteFd { get; }

    public int StatusReadFd { get; }

    public int StatusWriteFd { get; }

    public int ScoreboardFd { get; }

    /// <summary>The master's mapping of the scoreboard.</summary>
    public WorkerScoreboard Scoreboard { get; }

    /// <summary>Creates the pipes and the scoreboard for <paramref name="workers"/> workers of <paramref name="cores"/> threads.</summary>
    public static MasterChannels Create(int workers, int cores, int listenerCount)
    {
        var minimum = WorkerHandoff.FirstListenerFd + listenerCount + 1;
        var (lifelineRead, lifelineWrite) = Pipe(minimum);
        var (statusRead, statusWrite) = Pipe(minimum);
        var memfd = LibC.memfd_create("gantry-scoreboard", LibC.MFD_CLOEXEC);
        if (memfd < 0)
        {
            throw new InvalidOperationException($"memfd_create failed: errno {LibC.Errno}");
        }
        var scoreboardFd = DuplicateHigh(memfd, minimum);
        LibC.close(memfd);
        var scoreboard = WorkerScoreboard.CreateShared(scoreboardFd, workers, cores);
        return new MasterChannels(lifelineRead, lifelineWrite, statusRead, statusWrite, scoreboard, scoreboardFd);
    }

    /// <summary>A close-on-exec copy of <paramref name="fd"/> numbered at least <paramref name="minimum"/>.</summary>
    public static int DuplicateHigh(int fd, int minimum)
    {
        var copy = LibC.fcntl(fd, LibC.F_DUPFD_CLOEXEC, minimum);
        if (copy < 0)
        {
            throw new InvalidOperationException($"fcntl(F_DUPFD_CLOEXEC) failed: errno {LibC.Errno}");
        }
        return copy;
    }

    private static (int Read, int Write) Pipe(int minimum)
    {
        var fds = stackalloc int[2];
        if (LibC.pipe2(fds, LibC.O_CLOEXEC) != 0)
        {
            throw new InvalidOperationException($"pipe2 failed: errno {LibC.Errno}");
        }
        var read = DuplicateHigh(fds[0], minimum);
        var write = DuplicateHigh(fds[1], minimum);
        LibC.close(fds[0]);
        LibC.close(fds[1]);
        return (read, write);
    }

    public void Dispose()
    {
        LibC.close(LifelineWriteFd);
        LibC.close(LifelineReadFd);
        LibC.close(StatusWriteFd);
        LibC.close(StatusReadFd);
        Scoreboard.Dispose();
        LibC.close(ScoreboardFd);
    }
}
