using Gantry.Master.Scoreboard;
using Gantry.Posix.Processes;
using Microsoft.Extensions.Logging;

namespace Gantry.Master.Worker;

/// <summary>
/// The worker's own recycling rules, checked after each finished request (uWSGI checks them in the worker too):
/// max-requests, and reload-on-rss (sampled at most once a second), both only once the worker is
/// min-worker-lifetime old. When one trips, the reason goes to the scoreboard and the worker stops gracefully;
/// it then exits with the reload code and the master starts a new one. Thread-safe (one instance per process).
/// </summary>
public sealed class WorkerRecycler
{
    private readonly WorkerScoreboard _scoreboard;
    private readonly int _record;
    private readonly long _maxRequests;
    private readonly long _reloadOnRssBytes;
    private readonly TimeSpan _minimumLifetime;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly ILogger _logger;
    private readonly Func<long> _residentBytes;
    private long _nextRssCheck;
    private int _recycling;

    /// <param name="scoreboard">The shared scoreboard.</param>
    /// <param name="record">This process's record.</param>
    /// <param name="maxRequests">uWSGI max-requests; 0 = never.</param>
    /// <param name="reloadOnRssBytes">uWSGI reload-on-rss in bytes; 0 = never.</param>
    /// <param name="minimumLifetime">uWSGI min-worker-lifetime.</param>
    /// <param name="time">Clock.</param>
    /// <param name="logger">Where the "Seeya" line goes.</param>
    /// <param name="residentBytes">This process's resident bytes (tests pass their own).</param>
    public WorkerRecycler(WorkerScoreboard scoreboard, int record, long maxRequests, long reloadOnRssBytes, TimeSpan minimumLifetime,
        TimeProvider time, ILogger logger, Func<long>? residentBytes = null)
    {
        _scoreboard = scoreboard;
        _record = record;
        _maxRequests = maxRequests;
        _reloadOnRssBytes = reloadOnRssBytes;
        _minimumLifetime = minimumLifetime;
        _time = time;
        _started = time.GetTimestamp();
        _logger = logger;
        _residentBytes = residentBytes ?? (() => ProcessMemory.ResidentBytes(Environment.ProcessId));
    }

    /// <summary>Raised once, on the thread that finished the request, when the worker should stop gracefully.</summary>
    public event Action? RecycleRequested;

    /// <summary>True once a rule tripped.</summary>
    public bool Recycling => Volatile.Read(ref _recycling) != 0;

    /// <summary>Counts a finished request and applies the rules.</summary>
    public void OnRequestFinished()
    {
        var total = _scoreboard.CountRequest(_record);
        if (Recycling || _time.GetElapsedTime(_started) < _minimumLifetime)
        {
            return;
        }
        if (_maxRequests > 0 && total >= _maxRequests)
        {
            Recycle(RecycleReason.MaxRequests, $"max requests reached ({total})");
            return;
        }
        if (_reloadOnRssBytes > 0)
        {
            var now = _time.GetTimestamp();
            if (now < Interlocked.Read(ref _nextRssCheck))
            {
                return;
            }
            Interlocked.Exchange(ref _nextRssCheck, now + _time.TimestampFrequency);
            var rss = _residentBytes();
            if (rss > _reloadOnRssBytes)
            {
                Recycle(RecycleReason.Rss, $"rss {rss} bytes > reload-on-rss {_reloadOnRssBytes}");
            }
        }
    }

    private void Recycle(RecycleReason reason, string why)
    {
        if (Interlocked.Exchange(ref _recycling, 1) != 0)
        {
            return;
        }
        _scoreboard.SetRecycleReason(_record, reason);
        WorkerLog.WorkDone(_logger, Environment.ProcessId, why);
        RecycleRequested?.Invoke();
    }
}
