using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;

namespace Gantry.Supervisor.Processes;

/// <summary>
/// A child's pidfd in the loop: readable once the child ended; then waitpid on that pid only (never -1, which would
/// take children that are not ours, such as the .NET runtime's) and the process's <c>finish</c>.
/// </summary>
internal sealed unsafe class ChildExitWatch : IReadinessHandler, IDisposable
{
    private readonly int _pid;
    private readonly SupervisedProcess _process;
    private int _pidfd;
    private IFdWatch? _watch;

    public ChildExitWatch(int pid, ILoopServices loop, SupervisedProcess process)
    {
        _pid = pid;
        _process = process;
        _pidfd = LibC.pidfd_open(pid, 0);
        if (_pidfd < 0)
        {
            throw new InvalidOperationException($"pidfd_open({pid}) failed: errno {LibC.Errno}");
        }
        _watch = loop.Watch(_pidfd, LoopReadiness.Readable, this);
    }

    public void OnReady(LoopReadiness ready)
    {
        int status;
        var reaped = LibC.waitpid(_pid, &status, LibC.WNOHANG);
        if (reaped == _pid)
        {
            Dispose();
            _process.Finish(new WaitStatus(status));
        }
        else if (reaped < 0 && LibC.Errno != LibC.EINTR)
        {
            // Reaped elsewhere (ECHILD): the status is lost; supervisord reports it as an unknown exit.
            Dispose();
            _process.Finish(WaitStatus.FromExitCode(255));
        }
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _watch = null;
        if (_pidfd >= 0)
        {
            LibC.close(_pidfd);
            _pidfd = -1;
        }
    }
}
