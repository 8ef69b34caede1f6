namespace Gantry.Supervisor.Configuration;

/// <summary>supervisord's autorestart: false, unexpected (the default: only an exit code outside exitcodes), true.</summary>
internal enum AutoRestart
{
    Never,
    Unexpected,
    Always,
}

/// <summary>One output channel's log settings (<c>stdout_logfile</c> and its siblings).</summary>
/// <param name="Path">The file; null for NONE. AUTO is resolved to a file in childlogdir by the reader.</param>
internal sealed record ChannelLogConfig(string? Path, bool Automatic, long MaxBytes, int Backups, long CaptureMaxBytes, bool EventsEnabled, bool Syslog);

/// <summary>
/// One process as supervisord's <c>ProcessConfig</c>: a <c>[program:x]</c> section expanded for one process number.
/// Defaults are supervisord 4's (options.py <c>processes_from_section</c>).
/// </summary>
internal sealed record ProcessConfig
{
    public required string Name { get; init; }
    public required string Command { get; init; }
    public string? Directory { get; init; }
    public int? Umask { get; init; }
    public int Priority { get; init; } = 999;
    public bool Autostart { get; init; } = true;
    public int StartSeconds { get; init; } = 1;
    public int StartRetries { get; init; } = 3;
    public AutoRestart AutoRestart { get; init; } = AutoRestart.Unexpected;
    public IReadOnlyList<int> ExitCodes { get; init; } = [0];
    public int StopSignal { get; init; } = 15;
    public int StopWaitSeconds { get; init; } = 10;
    public bool StopAsGroup { get; init; }
    public bool KillAsGroup { get; init; }
    public string? User { get; init; }
    public bool RedirectStderr { get; init; }
    public required ChannelLogConfig Stdout { get; init; }
    public required ChannelLogConfig Stderr { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];
    public string? ServerUrl { get; init; }

    /// <summary>Every setting as one string: supervisord's config equality (a changed group is replaced on update).
    /// AUTO log paths are left out: they are fresh temporary names at every read, as supervisord compares them too
    /// by their AUTO marker rather than the name.</summary>
    public string Fingerprint => string.Join('\u0001',
        Name, Command, Directory, Umask, Priority, Autostart, StartSeconds, StartRetries, AutoRestart,
        string.Join(',', ExitCodes), StopSignal, StopWaitSeconds, StopAsGroup, KillAsGroup, User, RedirectStderr,
        Stdout with { Path = Stdout.Automatic ? null : Stdout.Path }, Stderr with { Path = Stderr.Automatic ? null : Stderr.Path },
        string.Join(',', Environment.Select(pair => pair.Key + "=" + pair.Value)), ServerUrl);
}

/// <summary>A process group: a <c>[group:x]</c>, or the homogeneous group of one <c>[program:x]</c> or
/// <c>[eventlistener:x]</c>.</summary>
internal sealed record GroupConfig(string Name, int Priority, IReadOnlyList<ProcessConfig> Processes)
{
    /// <summary>For an event listener pool: the event types it subscribes to; null for other groups.</summary>
    public IReadOnlyList<string>? Events { get; init; }

    /// <summary>An event listener pool's buffer_size (10).</summary>
    public int BufferSize { get; init; } = 10;

    public string Fingerprint => string.Join('\u0002', Processes.Select(process => process.Fingerprint))
        + "\u0002" + Priority + (Events is null ? "" : string.Join(',', Events) + BufferSize);
}
