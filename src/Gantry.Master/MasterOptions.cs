namespace Gantry.Master;

/// <summary>
/// What the master needs, mapped by the executable from the uWSGI-style configuration. Immutable; each
/// property names its uWSGI key and default. Times are whole seconds as in uWSGI.
/// </summary>
public sealed record MasterOptions
{
    /// <summary>Worker processes. uWSGI <c>processes</c>/<c>workers</c>. Default 1.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// Cheaper mode: the fewest workers the master keeps running; 0 = off (all <see cref="Workers"/> run). Must be lower
    /// than <see cref="Workers"/>. uWSGI <c>cheaper</c>. Default 0.
    /// </summary>
    public int Cheaper { get; init; }

    /// <summary>Workers started at boot in cheaper mode (between <see cref="Cheaper"/> and <see cref="Workers"/>). uWSGI <c>cheaper-initial</c>. Default: <see cref="Cheaper"/>.</summary>
    public int CheaperInitial { get; init; }

    /// <summary>Most workers the spare algorithm starts at once. uWSGI <c>cheaper-step</c>. Default 1.</summary>
    public int CheaperStep { get; init; } = 1;

    /// <summary>Master cycles (seconds) of all workers busy before more start; also the pace of stopping idle ones. uWSGI <c>cheaper-overload</c>. Default 3.</summary>
    public int CheaperOverload { get; init; } = 3;

    /// <summary>Total resident bytes of the running workers at or above which cheaper mode starts no more; 0 = no limit. uWSGI <c>cheaper-rss-limit-soft</c>. Default 0.</summary>
    public long CheaperRssLimitSoft { get; init; }

    /// <summary>Total resident bytes at or above which cheaper mode stops one idle worker per cycle; 0 = no limit. uWSGI <c>cheaper-rss-limit-hard</c>. Default 0.</summary>
    public long CheaperRssLimitHard { get; init; }

    /// <summary>Loop threads per worker ("cores" in the scoreboard). uWSGI <c>threads</c>. Default 1.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Seconds a request may run before the master kills its worker; 0 = never. uWSGI <c>harakiri</c>. Default 0.</summary>
    public int Harakiri { get; init; }

    /// <summary>Log the killed worker's /proc state too. uWSGI <c>harakiri-verbose</c>. Default false.</summary>
    public bool HarakiriVerbose { get; init; }

    /// <summary>Seconds a worker must have run before max-requests or reload-on-rss may recycle it. uWSGI <c>min-worker-lifetime</c>. Default 10 (uWSGI's code; its help says 60).</summary>
    public int MinWorkerLifetime { get; init; } = 10;

    /// <summary>Seconds after which the master recycles a worker gracefully; 0 = never. uWSGI <c>max-worker-lifetime</c>. Default 0.</summary>
    public int MaxWorkerLifetime { get; init; }

    /// <summary>Resident bytes above which the master kills a worker (SIGKILL); 0 = never. uWSGI <c>evil-reload-on-rss</c> (MB). Default 0.</summary>
    public long EvilReloadOnRssBytes { get; init; }

    /// <summary>Seconds a worker asked to stop gracefully gets before SIGKILL. uWSGI <c>worker-reload-mercy</c>. Default 60.</summary>
    public int WorkerReloadMercy { get; init; } = 60;

    /// <summary>Seconds workers get during a whole-instance reload or shutdown before SIGKILL. uWSGI <c>reload-mercy</c>. Default 60.</summary>
    public int ReloadMercy { get; init; } = 60;

    /// <summary>SIGTERM shuts down gracefully (drains) and SIGQUIT reloads brutally. uWSGI <c>die-on-term</c>. Default false.</summary>
    public bool DieOnTerm { get; init; }

    /// <summary>FIFOs read for one-letter commands (only the first is active, as FIFO slot 0). uWSGI <c>master-fifo</c>. Default none.</summary>
    public IReadOnlyList<string> MasterFifos { get; init; } = [];

    /// <summary>Files whose mtime change triggers a graceful reload. uWSGI <c>touch-reload</c>. Default none.</summary>
    public IReadOnlyList<string> TouchReload { get; init; } = [];

    /// <summary>Files whose mtime change triggers a chain reload. uWSGI <c>touch-chain-reload</c>. Default none.</summary>
    public IReadOnlyList<string> TouchChainReload { get; init; } = [];

    /// <summary>Files whose mtime change reloads the workers. uWSGI <c>touch-workers-reload</c>. Default none.</summary>
    public IReadOnlyList<string> TouchWorkersReload { get; init; } = [];

    /// <summary>
    /// SIGHUP/SIGTERM (FIFO r/R) re-execute the master after its workers stopped, keeping the listening sockets, as
    /// uWSGI does; when false they replace the workers only (FIFO w/W always do). Default true.
    /// </summary>
    public bool ReexecOnReload { get; init; } = true;

    /// <summary>The stats server, when one is configured. uWSGI <c>stats</c> and its companions. Default none.</summary>
    public Stats.StatsSettings? Stats { get; init; }

    /// <summary>Listen backlog the sockets were bound with (the stats document's max_queue). uWSGI <c>listen</c>. Default 100.</summary>
    public int ListenBacklog { get; init; } = 100;

    /// <summary>The listeners as the readiness line prints them ("http://127.0.0.1:8080 …").</summary>
    public string ListenerUrls { get; init; } = "";
}
