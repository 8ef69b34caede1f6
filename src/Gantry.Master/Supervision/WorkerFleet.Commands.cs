using Gantry.Master.Processes;
using Gantry.Master.Scoreboard;
using Gantry.Posix.Processes;

namespace Gantry.Master.Supervision;

/// <summary>Commands: readiness, reloads, shutdowns, stats (uWSGI 2.0 meanings, see MasterCommandKind).</summary>
internal sealed partial class WorkerFleet
{
    /// <summary>Runs one command (everything but <see cref="MasterCommandKind.ReapChildren"/>, which the loop turns into exits).</summary>
    public void Handle(MasterCommand command)
    {
        switch (command.Kind)
        {
            case MasterCommandKind.WorkerReady:
                OnWorkerReady(command.Pid, command.Record);
                break;
            case MasterCommandKind.GracefulReload when _options.ReexecOnReload:
                BeginReexec(graceful: true);
                break;
            case MasterCommandKind.BrutalReload when _options.ReexecOnReload:
                BeginReexec(graceful: false);
                break;
            case MasterCommandKind.GracefulReload:
            case MasterCommandKind.GracefulWorkersReload:
                ReloadAll(graceful: true);
                break;
            case MasterCommandKind.BrutalReload:
            case MasterCommandKind.BrutalWorkersReload:
                ReloadAll(graceful: false);
                break;
            case MasterCommandKind.ChainReload:
                StartChainReload();
                break;
            case MasterCommandKind.GracefulShutdown:
                _logger.Event("graceful shutdown triggered...");
                ReexecRequested = false;
                BeginShutdown(graceful: true, exitCode: 0);
                break;
            case MasterCommandKind.BrutalShutdown:
                _logger.Event("SIGINT/SIGQUIT received...killing workers...");
                ReexecRequested = false;
                BeginShutdown(graceful: false, exitCode: 0);
                break;
            case MasterCommandKind.LogStats:
                LogStats();
                break;
        }
    }

    private void OnWorkerReady(int pid, int record)
    {
        if (!_processes.TryGetValue(pid, out var process) || process.Record != record || process.Ready)
        {
            return;
        }
        process.Ready = true;
        _startupFailures[process.Id] = 0;
        if (!_announced && AllServing())
        {
            _announced = true;
            _logger.Ready(Environment.ProcessId, _options.ListenerUrls);
        }
        OnChainProcessReady(process);
    }

    private bool AllServing()
    {
        for (var id = 1; id <= _options.Workers; id++)
        {
            if (!_cheaped[id] && ServingProcess(id) is null)
            {
                return false;
            }
        }
        return true;
    }

    private void ReloadAll(bool graceful)
    {
        if (_shuttingDown)
        {
            return;
        }
        _logger.Event(graceful ? "...gracefully killing workers..." : "...brutally killing workers...");
        CancelChain();
        foreach (var process in _processes.Values.ToList())
        {
            if (process.Stopping)
            {
                continue;
            }
            _scoreboard.Increment(process.Id, WorkerCounter.Reloaded);
            if (graceful)
            {
                StopGracefully(process, StopReason.Reload, _options.ReloadMercy);
            }
            else
            {
                StopNow(process, StopReason.Reload, SignalNumbers.SIGTERM, _options.ReloadMercy);
            }
        }
    }

    /// <summary>
    /// uWSGI's reload: every worker stops (gracefully: SIGHUP, they finish their requests; brutally: SIGTERM), nothing
    /// is respawned, and once all are gone the fleet finishes with <see cref="ReexecRequested"/> set, so the
    /// caller re-executes the master (new binary, re-read configuration) keeping the listening sockets.
    /// </summary>
    private void BeginReexec(bool graceful)
    {
        if (_shuttingDown)
        {
            return;
        }
        _logger.Event(graceful ? "...gracefully killing workers..." : "...brutally killing workers...");
        ReexecRequested = true;
        _shuttingDown = true;
        CancelChain();
        foreach (var process in _processes.Values.ToList())
        {
            _scoreboard.Increment(process.Id, WorkerCounter.Reloaded);
            if (graceful)
            {
                StopGracefully(process, StopReason.Reload, _options.ReloadMercy);
            }
            else if (!process.Killed)
            {
                StopNow(process, StopReason.Reload, SignalNumbers.SIGTERM, _options.ReloadMercy);
            }
        }
        Finished = _processes.Count == 0;
    }

    /// <summary>Stops every worker (gracefully: they finish their requests) and finishes when all are gone.</summary>
    private void BeginShutdown(bool graceful, int exitCode)
    {
        if (!_shuttingDown || exitCode != 0)
        {
            ExitCode = exitCode;
        }
        if (exitCode != 0)
        {
            ReexecRequested = false;
        }
        _shuttingDown = true;
        CancelChain();
        foreach (var process in _processes.Values.ToList())
        {
            if (graceful)
            {
                StopGracefully(process, StopReason.Shutdown, _options.ReloadMercy);
            }
            else if (!process.Killed)
            {
                var asked = process.Stopping ? process.StopRequestedMicros : Now();
                StopNow(process, StopReason.Shutdown, SignalNumbers.SIGINT, _options.ReloadMercy);
                process.StopRequestedMicros = asked;
            }
        }
        Finished = _processes.Count == 0;
    }

    private void StopGracefully(WorkerProcess process, StopReason reason, int mercySeconds)
    {
        if (process.Stopping)
        {
            return;
        }
        _logger.GracefullyKilling(process.Id, process.Pid);
        MarkStopping(process, reason, mercySeconds);
        _launcher.Signal(process.Pid, SignalNumbers.SIGHUP);
    }

    private void StopNow(WorkerProcess process, StopReason reason, int signal, int mercySeconds)
    {
        MarkStopping(process, reason, mercySeconds);
        _launcher.Signal(process.Pid, signal);
    }

    private void MarkStopping(WorkerProcess process, StopReason reason, int mercySeconds)
    {
        process.StopReason = reason;
        process.StopRequestedMicros = Now();
        process.MercySeconds = mercySeconds;
    }

    private void Kill(WorkerProcess process)
    {
        process.Killed = true;
        _launcher.Signal(process.Pid, SignalNumbers.SIGKILL);
    }

    private void LogStats()
    {
        foreach (var process in _processes.Values.OrderBy(p => p.Id))
        {
            var record = _scoreboard.ReadRecord(process.Record);
            _logger.WorkerStats(process.Id, process.Pid, record.State.ToString().ToLowerInvariant(), record.Requests, record.RssBytes,
                _scoreboard.Read(process.Id, WorkerCounter.Respawns), _scoreboard.Read(process.Id, WorkerCounter.Harakiri));
        }
        LogCheapedStats();
    }
}
