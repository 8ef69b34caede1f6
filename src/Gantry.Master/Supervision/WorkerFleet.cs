using Gantry.Master.Processes;
using Gantry.Master.Scoreboard;
using Microsoft.Extensions.Logging;

namespace Gantry.Master.Supervision;

/// <summary>
/// The master's worker fleet and its logic (named apart from the supervisor mode, which runs other programs): a
/// single-threaded state machine fed one command at a time (signals, child exits,
/// worker readiness, FIFO bytes, one-second ticks) by <see cref="MasterLoop"/>. It never blocks and never
/// runs in a signal handler; its only side effects go through <see cref="IWorkerLauncher"/> (spawn, signal),
/// the scoreboard and the log, and it reads time from a <see cref="TimeProvider"/>, so every rule
/// (respawn, crash-loop guard, harakiri, recycling, mercy, reloads) is unit-tested with fake time.
/// </summary>
internal sealed partial class WorkerFleet
{
    /// <summary>Consecutive start-up deaths of one worker after which the master gives up.</summary>
    public const int StartupFailureLimit = 3;

    /// <summary>uWSGI's forkbomb-delay: seconds without respawns after too many in one second.</summary>
    public const int ForkBombDelaySeconds = 2;

    private const long MicrosPerSecond = 1_000_000;

    private readonly MasterOptions _options;
    private readonly IWorkerLauncher _launcher;
    private readonly WorkerScoreboard _scoreboard;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<int, long> _residentBytes;
    private readonly Dictionary<int, WorkerProcess> _processes = [];
    private readonly int[] _startupFailures;
    private readonly bool[] _everSpawned;
    private bool _shuttingDown;
    private bool _announced;
    private long _spawnDelayUntil;
    private long _spawnWindowSecond = -1;
    private int _spawnsInWindow;

    public WorkerFleet(MasterOptions options, IWorkerLauncher launcher, WorkerScoreboard scoreboard, TimeProvider time, ILogger logger,
        Func<int, long>? residentBytes = null, Func<string, DateTime?>? modificationTime = null)
    {
        _options = options;
        _launcher = launcher;
        _scoreboard = scoreboard;
        _time = time;
        _logger = logger;
        _residentBytes = residentBytes ?? (_ => 0);
        _modificationTime = modificationTime ?? DefaultModificationTime;
        _startupFailures = new int[options.Workers + 1];
        _everSpawned = new bool[options.Workers + 1];
        _cheaped = new bool[options.Workers + 1];
    }

    /// <summary>True once the instance has shut down (every worker is gone).</summary>
    public bool Finished { get; private set; }

    /// <summary>True when the fleet finished for a reload: the master must re-execute itself.</summary>
    public bool ReexecRequested { get; private set; }

    /// <summary>The process exit code once <see cref="Finished"/>: 0, or a failed worker's code.</summary>
    public int ExitCode { get; private set; }

    /// <summary>The processes now running (tests and stats).</summary>
    public IReadOnlyCollection<WorkerProcess> Processes => _processes.Values;

    /// <summary>Logs the master line and spawns every worker (in cheaper mode, cheaper-initial of them).</summary>
    public void Start()
    {
        _logger.MasterSpawned(Environment.ProcessId);
        RememberTouchTimes();
        CheapSlotsAtStart();
        for (var id = 1; id <= InitialWorkers && !_shuttingDown; id++)
        {
            Spawn(id);
        }
    }

    private long Now() => EpochMicros.Now(_time);

    private WorkerProcess? Spawn(int id)
    {
        var record = _scoreboard.FindFreeRecord();
        if (record < 0)
        {
            _logger.SpawnFailed(id, "no free scoreboard record");
            return null;
        }
        var now = Now();
        _scoreboard.ResetRecord(record, id, now);
        int pid;
        try
        {
            pid = _launcher.Spawn(id, record);
        }
        catch (InvalidOperationException failure)
        {
            _scoreboard.FreeRecord(record);
            _logger.SpawnFailed(id, failure.Message);
            BeginShutdown(graceful: false, exitCode: 1);
            return null;
        }
        _scoreboard.SetRecordPid(record, pid);
        _scoreboard.SetWorker(id, record, pid, now);
        var process = new WorkerProcess(id, pid, record, now);
        _processes[pid] = process;
        if (_everSpawned[id])
        {
            _scoreboard.Increment(id, WorkerCounter.Respawns);
            _logger.WorkerRespawned(id, pid);
        }
        else
        {
            _everSpawned[id] = true;
            _logger.WorkerSpawned(id, pid, _options.Threads);
        }
        return process;
    }

    /// <summary>Starts a worker for every id that has no process and is not cheaped (after deaths and reloads), within the fork-bomb guard.</summary>
    private void Reconcile(long now)
    {
        if (_shuttingDown || now < _spawnDelayUntil)
        {
            return;
        }
        for (var id = 1; id <= _options.Workers; id++)
        {
            if (_cheaped[id] || HasProcess(id))
            {
                continue;
            }
            if (!ForkBombGuardAllows(now))
            {
                return;
            }
            Spawn(id);
        }
    }

    private bool ForkBombGuardAllows(long now)
    {
        var second = now / MicrosPerSecond;
        if (second != _spawnWindowSecond)
        {
            _spawnWindowSecond = second;
            _spawnsInWindow = 0;
        }
        if (++_spawnsInWindow <= _options.Workers)
        {
            return true;
        }
        _logger.RespawningTooFast(ForkBombDelaySeconds);
        _spawnDelayUntil = now + (ForkBombDelaySeconds * MicrosPerSecond);
        _spawnWindowSecond = -1;
        return false;
    }

    private bool HasProcess(int id)
    {
        foreach (var process in _processes.Values)
        {
            if (process.Id == id)
            {
                return true;
            }
        }
        return false;
    }

    private WorkerProcess? ServingProcess(int id)
    {
        foreach (var process in _processes.Values)
        {
            if (process.Id == id && process.Ready && !process.Stopping)
            {
                return process;
            }
        }
        return null;
    }
}
