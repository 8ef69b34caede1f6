namespace Gantry.Master.Scoreboard;

/// <summary>Per-worker counters the master keeps in the scoreboard (the stats server reports them).</summary>
public enum WorkerCounter
{
    /// <summary>Times the worker was started again after the first spawn.</summary>
    Respawns,

    /// <summary>Times harakiri killed the worker.</summary>
    Harakiri,

    /// <summary>Recycled after max-requests.</summary>
    RecycledMaxRequests,

    /// <summary>Recycled after max-worker-lifetime.</summary>
    RecycledLifetime,

    /// <summary>Recycled by the worker after reload-on-rss.</summary>
    RecycledRss,

    /// <summary>Killed by the master after evil-reload-on-rss.</summary>
    KilledEvilRss,

    /// <summary>Replaced by a graceful, brutal or chain reload.</summary>
    Reloaded,

    /// <summary>Killed after not dying within the reload mercy.</summary>
    KilledNoMercy,

    /// <summary>Died without being asked to (crash, signal from outside).</summary>
    Died,
}
