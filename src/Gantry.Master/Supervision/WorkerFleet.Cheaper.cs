using Gantry.Master.Processes;
using Gantry.Posix.Processes;

namespace Gantry.Master.Supervision;

/// <summary>
/// Cheaper mode with uWSGI 2.0's default "spare" algorithm (core/master_utils.c, uwsgi_cheaper_algo_spare), run once
/// per master cycle (the one-second tick). A worker is busy when any of its loop threads is inside the application
/// (the scoreboard's busy flag). Every cycle in which all running workers are busy raises an overload counter, any
/// other cycle lowers it; when it reaches <c>cheaper-overload</c>, up to <c>cheaper-step</c> cheaped slots are started.
/// While the counter is 0 and more than one worker is free, an idle counter grows, and every <c>cheaper-overload</c>-th
/// idle cycle the oldest idle worker is cheaped (stopped gracefully, as a max-requests recycle) while more than
/// <c>cheaper</c> run. A cheaped slot is not respawned until the algorithm wants it again; crashes, harakiri and
/// recycles of running workers are still replaced.
/// </summary>
internal sealed partial class WorkerFleet
{
    /// <summary>Slots (worker ids) the algorithm has switched off; index 0 unused.</summary>
    private readonly bool[] _cheaped;
    private long _overloadCycles;
    private long _idleCycles;

    private bool CheaperEnabled => _options.Cheaper > 0 && _options.Cheaper < _options.Workers;

    /// <summary>Workers started at boot: cheaper-initial clamped into [cheaper, processes] as uWSGI's init does.</summary>
    private int InitialWorkers => !CheaperEnabled
        ? _options.Workers
        : Math.Clamp(_options.CheaperInitial == 0 ? _options.Cheaper : _options.CheaperInitial, _options.Cheaper, _options.Workers);

    /// <summary>Worker ids now switched off by cheaper mode (tests and stats).</summary>
    public IReadOnlyList<int> CheapedWorkers => [.. Enumerable.Range(1, _options.Workers).Where(id => _cheaped[id])];

    /// <summary>Marks the slots above cheaper-initial as cheaped before the first spawn.</summary>
    private void CheapSlotsAtStart()
    {
        if (!CheaperEnabled)
        {
            return;
        }
        for (var id = InitialWorkers + 1; id <= _options.Workers; id++)
        {
            _cheaped[id] = true;
        }
        _logger.Event($"cheaper mode: {InitialWorkers} of {_options.Workers} workers at start, at least {_options.Cheaper}, "
            + $"algorithm spare (step {CheaperStep}, overload {CheaperOverload} s)");
    }

    private int CheaperStep => Math.Max(1, _options.CheaperStep);

    private int CheaperOverload => Math.Max(1, _options.CheaperOverload);

    /// <summary>One cycle of the spare algorithm (skipped while shutting down, re-executing or chain reloading).</summary>
    private void CheckCheaper(long now)
    {
        if (!CheaperEnabled || _shuttingDown || ChainReloading)
        {
            return;
        }
        var (active, busy) = CountActive();
        var canSpawn = true;
        if (_options.CheaperRssLimitSoft > 0)
        {
            // uWSGI's uwsgi_calc_cheaper: above the hard limit one worker goes instead of running the algorithm;
            // above the soft one the algorithm runs but may not start workers.
            var total = RunningResidentBytes();
            if (_options.CheaperRssLimitHard > 0 && active > 1 && total >= _options.CheaperRssLimitHard)
            {
                _logger.Event($"cheaper hard rss memory limit exceeded, cheap one of {active} workers");
                CheapOldestIdle();
                return;
            }
            canSpawn = total < _options.CheaperRssLimitSoft;
        }
        if (busy == active)
        {
            _overloadCycles++;
            _idleCycles = 0;
        }
        else if (_overloadCycles > 0)
        {
            _overloadCycles--;
        }

        if (canSpawn && _overloadCycles >= CheaperOverload)
        {
            _overloadCycles = 0;
            StartCheapedSlots(now);
        }
        else if (_overloadCycles == 0)
        {
            // Exactly one free worker is uWSGI's "stable state": nothing to do, and the idle counter does not move.
            if (active - busy == 1)
            {
                return;
            }
            _idleCycles++;
            if (active > _options.Cheaper && _idleCycles % CheaperOverload == 0)
            {
                CheapOldestIdle();
            }
        }
    }

    /// <summary>Running workers (not cheaped, not stopping; a starting one counts as free, as its pid does in uWSGI) and the busy ones.</summary>
    private (int Active, int Busy) CountActive()
    {
        int active = 0, busy = 0;
        foreach (var process in _processes.Values)
        {
            if (process.Stopping || _cheaped[process.Id])
            {
                continue;
            }
            active++;
            if (process.Ready && IsBusy(process))
            {
                busy++;
            }
        }
        return (active, busy);
    }

    /// <summary>Resident bytes of the running workers, as the master last sampled them into the scoreboard.</summary>
    private long RunningResidentBytes()
    {
        long total = 0;
        foreach (var process in _processes.Values)
        {
            if (!process.Stopping && !_cheaped[process.Id])
            {
                total += _scoreboard.ReadRecord(process.Record).RssBytes;
            }
        }
        return total;
    }

    private bool IsBusy(WorkerProcess process)
    {
        for (var core = 0; core < _scoreboard.Cores; core++)
        {
            if (_scoreboard.Core(process.Record, core).Read().Busy)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Starts up to cheaper-step cheaped slots whose previous process is gone, lowest ids first.</summary>
    private void StartCheapedSlots(long now)
    {
        var started = 0;
        for (var id = 1; id <= _options.Workers && started < CheaperStep; id++)
        {
            if (!_cheaped[id] || HasProcess(id))
            {
                continue;
            }
            if (now < _spawnDelayUntil || !ForkBombGuardAllows(now))
            {
                return;
            }
            _cheaped[id] = false;
            if (Spawn(id) is null)
            {
                return;
            }
            started++;
        }
    }

    /// <summary>Stops the longest-running idle worker gracefully and leaves its slot empty.</summary>
    private void CheapOldestIdle()
    {
        WorkerProcess? oldest = null;
        foreach (var process in _processes.Values)
        {
            if (process.Stopping || !process.Ready || _cheaped[process.Id] || IsBusy(process))
            {
                continue;
            }
            if (oldest is null || process.SpawnedMicros < oldest.SpawnedMicros)
            {
                oldest = process;
            }
        }
        if (oldest is null)
        {
            return;
        }
        _cheaped[oldest.Id] = true;
        MarkStopping(oldest, StopReason.Cheaped, _options.WorkerReloadMercy);
        _launcher.Signal(oldest.Pid, SignalNumbers.SIGHUP);
    }

    /// <summary>uWSGI's two lines when a cheaped worker has gone.</summary>
    private void BuryCheaped(WorkerProcess process)
    {
        _logger.Event($"worker {process.Id} killed successfully (pid: {process.Pid})");
        _logger.Event($"gantry worker {process.Id} cheaped.");
    }

    private void LogCheapedStats()
    {
        foreach (var id in CheapedWorkers)
        {
            if (!HasProcess(id))
            {
                _logger.Event($"worker {id}: cheaped");
            }
        }
    }
}
