namespace Gantry.Master.Supervision;

/// <summary>Why the master asked a worker to stop (decides the log line, the counter and what follows).</summary>
internal enum StopReason
{
    /// <summary>Not asked to stop.</summary>
    None,

    /// <summary>Graceful or brutal reload: replace it when it is gone.</summary>
    Reload,

    /// <summary>Chain reload: its replacement is already serving.</summary>
    ChainReload,

    /// <summary>max-worker-lifetime reached.</summary>
    Lifetime,

    /// <summary>A request ran longer than harakiri.</summary>
    Harakiri,

    /// <summary>evil-reload-on-rss exceeded.</summary>
    EvilRss,

    /// <summary>Cheaper mode stopped an idle worker: its slot stays empty until the algorithm wants it again.</summary>
    Cheaped,

    /// <summary>The instance is shutting down: no replacement.</summary>
    Shutdown,
}
