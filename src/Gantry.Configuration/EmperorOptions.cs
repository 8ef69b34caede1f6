namespace Gantry.Configuration;

/// <summary>
/// uWSGI's Emperor (core/emperor.c, 2.0.21): watch directories or globs of vassal files and run one instance per file.
/// The exe hands it to Gantry.Emperor as it is. Each property names its uWSGI key and default. Default: no emperor
/// (<see cref="IsConfigured"/> false).
/// </summary>
public sealed record EmperorOptions
{
    /// <summary>Directories or glob patterns of vassal files, in order. uWSGI key <c>emperor</c>. Default: none.</summary>
    public IReadOnlyList<string> Monitors { get; init; } = [];

    /// <summary>Seconds between scans of the monitors. uWSGI key <c>emperor-freq</c>. Default 3.</summary>
    public int Frequency { get; init; } = 3;

    /// <summary>Milliseconds added to a bad-behaving vassal's respawn delay at each death before loyalty. uWSGI key <c>emperor-throttle</c>. Default 1000.</summary>
    public int Throttle { get; init; } = 1000;

    /// <summary>Largest respawn delay, milliseconds. uWSGI key <c>emperor-max-throttle</c>. Default 180000 (3 minutes).</summary>
    public int MaxThrottle { get; init; } = 180_000;

    /// <summary>Seconds a cursed (stopping, or silent) vassal may take to die before SIGKILL. uWSGI key <c>emperor-curse-tolerance</c>. Default 30.</summary>
    public int CurseTolerance { get; init; } = 30;

    /// <summary>Seconds without a heartbeat before a vassal that sent one is killed and respawned; 0 never. uWSGI key <c>emperor-required-heartbeat</c>. Default 30.</summary>
    public int RequiredHeartbeat { get; init; } = 30;

    /// <summary>Run each vassal as its file's owner (when the emperor is root); root-owned files are refused. uWSGI key <c>emperor-tyrant</c>. Default false.</summary>
    public bool Tyrant { get; init; }

    /// <summary>Tyrant mode takes the owner of a symlink itself, not of its target. uWSGI key <c>emperor-tyrant-nofollow</c>. Default false.</summary>
    public bool TyrantNoFollow { get; init; }

    /// <summary>Check symlinks themselves (lstat), not their targets, for mtimes. uWSGI key <c>emperor-nofollow</c>. Default false.</summary>
    public bool NoFollow { get; init; }

    /// <summary>The emperor's stats server address (TCP host:port or a unix path). uWSGI keys <c>emperor-stats</c>, <c>emperor-stats-server</c>. Default none.</summary>
    public string? StatsAddress { get; init; }

    /// <summary>Never throttle vassals that die before they are loyal. uWSGI key <c>emperor-no-blacklist</c>. Default false.</summary>
    public bool NoBlacklist { get; init; }

    /// <summary>Stop vassals gracefully (message 2) instead of at once (message 0). uWSGI key <c>emperor-graceful-shutdown</c>. Default false.</summary>
    public bool GracefulShutdown { get; init; }

    /// <summary>More file-name endings taken as vassals (read as ini). uWSGI keys <c>emperor-extra-extension</c>, <c>emperor-extra-ext</c>. Default: none.</summary>
    public IReadOnlyList<string> ExtraExtensions { get; init; } = [];

    /// <summary>The program each vassal runs instead of this executable (searched in PATH when it has no slash). uWSGI key <c>emperor-wrapper</c>. Default: this executable.</summary>
    public string? Wrapper { get; init; }

    /// <summary>The emperor's pid file. uWSGI key <c>emperor-pidfile</c>. Default none.</summary>
    public string? PidFile { get; init; }

    /// <summary>Ini files given to every vassal with <c>--inherit</c> before its own file. uWSGI key <c>vassals-inherit-before</c>.</summary>
    public IReadOnlyList<string> InheritBefore { get; init; } = [];

    /// <summary>Ini files given to every vassal with <c>--include</c> before its own file. uWSGI key <c>vassals-include-before</c>.</summary>
    public IReadOnlyList<string> IncludeBefore { get; init; } = [];

    /// <summary>Options set in every vassal with <c>--set key=value</c>. uWSGI keys <c>vassals-set</c>, <c>vassal-set</c>.</summary>
    public IReadOnlyList<string> Set { get; init; } = [];

    /// <summary>Ini files given to every vassal with <c>--inherit</c> after its own file. uWSGI key <c>vassals-inherit</c>.</summary>
    public IReadOnlyList<string> Inherit { get; init; } = [];

    /// <summary>Ini files given to every vassal with <c>--include</c> after its own file. uWSGI key <c>vassals-include</c>.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Seconds to wait for vassals to stop at shutdown before SIGKILL. uWSGI key <c>reload-mercy</c> (shared with the master). Default 30.</summary>
    public int ReloadMercy { get; init; } = 30;

    /// <summary>True when at least one monitor is configured: the process runs as the emperor.</summary>
    public bool IsConfigured => Monitors.Count > 0;
}
