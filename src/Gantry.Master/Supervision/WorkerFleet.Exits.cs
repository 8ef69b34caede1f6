using Gantry.Master.Processes;
using Gantry.Master.Scoreboard;
using Gantry.Posix.Processes;

namespace Gantry.Master.Supervision;

/// <summary>Child exits: bury, count, respawn or give up.</summary>
internal sealed partial class WorkerFleet
{
    /// <summary>A child ended (from waitpid). Unknown pids are ignored.</summary>
    public void OnChildExited(int pid, WaitStatus status)
    {
        if (!_processes.Remove(pid, out var process))
        {
            return;
        }
        var now = Now();
        var record = _scoreboard.ReadRecord(process.Record);
        _scoreboard.FreeRecord(process.Record);
        if (_scoreboard.WorkerRecord(process.Id) == process.Record)
        {
            _scoreboard.ClearWorker(process.Id);
        }

        if (process.Stopping)
        {
            Bury(process, status, now);
        }
        else if (process.Ready && status.Exited && status.ExitCode == WorkerExitCodes.Reload)
        {
            Recycled(process, record.RecycleReason);
        }
        else if (!process.Ready)
        {
            StartupFailure(process, status);
        }
        else
        {
            LogDeath(process, status);
            _scoreboard.Increment(process.Id, WorkerCounter.Died);
        }

        OnChainProcessExited(process);
        if (_shuttingDown)
        {
            Finished = _processes.Count == 0;
            return;
        }
        Reconcile(now);
    }

    private void Bury(WorkerProcess process, WaitStatus status, long now)
    {
        if (process.StopReason is StopReason.Harakiri or StopReason.EvilRss)
        {
            LogDeath(process, status);
            return;
        }
        if (process.StopReason == StopReason.Cheaped)
        {
            BuryCheaped(process);
            return;
        }
        var seconds = Math.Max(1, (now - process.StopRequestedMicros + MicrosPerSecond - 1) / MicrosPerSecond);
        _logger.WorkerBuried(process.Id, seconds);
    }

    private void Recycled(WorkerProcess process, RecycleReason reason)
    {
        switch (reason)
        {
            case RecycleReason.MaxRequests:
                _scoreboard.Increment(process.Id, WorkerCounter.RecycledMaxRequests);
                _logger.WorkerRecycled(process.Id, process.Pid, "max-requests reached");
                break;
            case RecycleReason.Rss:
                _scoreboard.Increment(process.Id, WorkerCounter.RecycledRss);
                _logger.WorkerRecycled(process.Id, process.Pid, "reload-on-rss exceeded");
                break;
            default:
                _logger.WorkerRecycled(process.Id, process.Pid, "exited gracefully on its own");
                break;
        }
    }

    private void StartupFailure(WorkerProcess process, WaitStatus status)
    {
        var failures = ++_startupFailures[process.Id];
        var deterministic = status.Exited && status.ExitCode is WorkerExitCodes.FailedApp or 1;
        if (deterministic || failures >= StartupFailureLimit)
        {
            var action = deterministic ? "giving up" : $"{failures} times in a row, giving up";
            _logger.StartupFailed(process.Id, process.Pid, status.ToString(), action);
            BeginShutdown(graceful: false, exitCode: status.ShellCode == 0 ? 1 : status.ShellCode);
            return;
        }
        _logger.StartupFailed(process.Id, process.Pid, status.ToString(), "trying respawn ...");
        _scoreboard.Increment(process.Id, WorkerCounter.Died);
    }

    private void LogDeath(WorkerProcess process, WaitStatus status)
    {
        if (status.Signaled)
        {
            _logger.WorkerKilledBySignal(process.Id, process.Pid, status.Signal);
        }
        else
        {
            _logger.WorkerExited(process.Id, process.Pid, status.ExitCode);
        }
    }
}
