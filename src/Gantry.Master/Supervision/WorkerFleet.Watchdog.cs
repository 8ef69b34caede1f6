using Gantry.Master.Scoreboard;

namespace Gantry.Master.Supervision;

/// <summary>
/// The once-a-second checks (uWSGI's master cycle): mercy deadlines, harakiri, max-worker-lifetime,
/// memory limits, touched files, and respawns the fork-bomb guard delayed.
/// </summary>
internal sealed partial class WorkerFleet
{
    /// <summary>Runs the periodic checks.</summary>
    public void Tick()
    {
        var now = Now();
        foreach (var process in _processes.Values.ToList())
        {
            if (process.Stopping)
            {
                CheckMercy(process, now);
                if (!process.Killed && process.Ready && _options.Harakiri > 0)
                {
                    // A worker finishing its requests before a reload is still bound by harakiri.
                    CheckHarakiri(process, now);
                }
                continue;
            }
            if (!process.Ready)
            {
                continue;
            }
            SampleMemory(process);
            if (!process.Stopping && _options.Harakiri > 0)
            {
                CheckHarakiri(process, now);
            }
            if (!process.Stopping && _options.MaxWorkerLifetime > 0 && now - process.SpawnedMicros >= _options.MaxWorkerLifetime * MicrosPerSecond)
            {
                _logger.LifetimeReached(process.Id, (now - process.SpawnedMicros) / MicrosPerSecond);
                _scoreboard.Increment(process.Id, WorkerCounter.RecycledLifetime);
                StopGracefully(process, StopReason.Lifetime, _options.WorkerReloadMercy);
            }
        }
        if (_shuttingDown)
        {
            return;
        }
        CheckTouchedFiles();
        CheckCheaper(now);
        Reconcile(now);
    }

    private void CheckMercy(WorkerProcess process, long now)
    {
        if (!process.Killed && now - process.StopRequestedMicros >= process.MercySeconds * MicrosPerSecond)
        {
            _logger.NoMercy(process.Id, process.Pid);
            _scoreboard.Increment(process.Id, WorkerCounter.KilledNoMercy);
            Kill(process);
        }
    }

    private void CheckHarakiri(WorkerProcess process, long now)
    {
        var limit = _options.Harakiri * MicrosPerSecond;
        for (var core = 0; core < _scoreboard.Cores; core++)
        {
            var state = _scoreboard.Core(process.Record, core).Read();
            if (!state.Busy || state.StartMicros <= 0 || now - state.StartMicros < limit)
            {
                continue;
            }
            _logger.Harakiri(process.Id, process.Pid);
            _logger.Event($"HARAKIRI !!! worker {process.Id} status !!!");
            _logger.HarakiriRequest(core, state.Request, state.StartMicros / MicrosPerSecond);
            _logger.Event($"HARAKIRI !!! end of worker {process.Id} status !!!");
            if (_options.HarakiriVerbose)
            {
                LogProcessState(process.Pid);
            }
            _scoreboard.Increment(process.Id, WorkerCounter.Harakiri);
            MarkStopping(process, StopReason.Harakiri, 0);
            Kill(process);
            return;
        }
    }

    private void SampleMemory(WorkerProcess process)
    {
        var rss = _residentBytes(process.Pid);
        if (rss <= 0)
        {
            return;
        }
        _scoreboard.SetRss(process.Record, rss);
        if (_options.EvilReloadOnRssBytes > 0 && rss > _options.EvilReloadOnRssBytes)
        {
            _logger.EvilReload(process.Id, rss, process.Pid);
            _scoreboard.Increment(process.Id, WorkerCounter.KilledEvilRss);
            MarkStopping(process, StopReason.EvilRss, 0);
            Kill(process);
        }
    }

    private void LogProcessState(int pid)
    {
        foreach (var file in new[] { "syscall", "wchan" })
        {
            try
            {
                var text = File.ReadAllText($"/proc/{pid}/{file}").Trim();
                _logger.Event($"HARAKIRI: -- {file}> {text}");
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                _logger.Event($"HARAKIRI: -- {file}> unavailable ({exception.Message})");
            }
        }
    }
}
