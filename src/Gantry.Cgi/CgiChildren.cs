using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Microsoft.Extensions.Logging;

namespace Gantry.Cgi;

/// <summary>
/// One loop thread's running scripts, from spawn until reaped: each child's pidfd and stderr pipe are watched on the
/// loop, its stderr is logged line by line with the script's name, and it is reaped (waitpid on its own pid, never
/// -1, so children of anything else in the process are left alone) as soon as its pidfd says it ended, whether its
/// response completed, was cut or abandoned. A script's stderr is logged until the script ended (what a grandchild
/// writes after that is dropped with the pipe). At shutdown every child still running is killed with its group and
/// reaped.
/// </summary>
internal sealed class CgiChildren : IDisposable
{
    private readonly ILoopServices _loop;
    private readonly ILogger _logger;
    private readonly HashSet<Child> _running = [];

    public CgiChildren(ILoopServices loop, ILogger logger)
    {
        _loop = loop;
        _logger = logger;
    }

    /// <summary>Scripts started and not reaped yet.</summary>
    public int Count => _running.Count;

    /// <summary>Takes over <paramref name="process"/>'s pidfd and stderr.</summary>
    public void Adopt(CgiProcess process, string script) => _running.Add(new Child(this, process, script));

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var child in _running.ToArray())
        {
            child.Process.KillGroup();
            child.Reap(wait: true);
        }
    }

    private sealed unsafe class Child : IReadinessHandler
    {
        private readonly CgiChildren _owner;
        private readonly CgiStderrLines _stderr;
        private readonly IFdWatch _exitWatch;
        private IFdWatch? _stderrWatch;
        private bool _stderrOpen = true;

        public Child(CgiChildren owner, CgiProcess process, string script)
        {
            _owner = owner;
            Process = process;
            _stderr = new CgiStderrLines(script, owner._logger);
            _exitWatch = owner._loop.Watch(process.PidFd, LoopReadiness.Readable, this);
            _stderrWatch = owner._loop.Watch(process.Stderr, LoopReadiness.Readable, new StderrReadiness(this));
        }

        public CgiProcess Process { get; }

        /// <summary>The pidfd is readable: the child ended.</summary>
        public void OnReady(LoopReadiness ready) => Reap(wait: false);

        public void Reap(bool wait)
        {
            int status;
            var pid = LibC.waitpid(Process.Pid, &status, wait ? 0 : LibC.WNOHANG);
            if (pid == 0)
            {
                return;
            }
            ReadStderr();
            CloseStderr();
            _exitWatch.Dispose();
            LibC.close(Process.PidFd);
            _owner._running.Remove(this);
            Process.Ended(new WaitStatus(status));
        }

        public void ReadStderr()
        {
            var chunk = stackalloc byte[4096];
            while (_stderrOpen)
            {
                var read = LibC.read(Process.Stderr, chunk, 4096);
                if (read > 0)
                {
                    _stderr.Append(new ReadOnlySpan<byte>(chunk, (int)read));
                    continue;
                }
                if (read < 0 && LibC.Errno == LibC.EINTR)
                {
                    continue;
                }
                if (read == 0 || LibC.Errno != LibC.EAGAIN)
                {
                    CloseStderr();
                }
                return;
            }
        }

        private void CloseStderr()
        {
            if (!_stderrOpen)
            {
                return;
            }
            _stderrOpen = false;
            _stderr.Flush();
            _stderrWatch?.Dispose();
            _stderrWatch = null;
            LibC.close(Process.Stderr);
        }
    }

    private sealed class StderrReadiness(Child child) : IReadinessHandler
    {
        public void OnReady(LoopReadiness ready) => child.ReadStderr();
    }
}
