namespace Gantry.Emperor;

/// <summary>
/// One vassal the emperor governs: uWSGI's <c>struct uwsgi_instance</c> (core/emperor.c). Times are epoch seconds, as
/// the emperor's stats document shows them.
/// </summary>
internal sealed class Vassal
{
    public required string Name { get; init; }

    /// <summary>The file as the emperor stats it (relative to <see cref="WorkingDirectory"/> for a directory monitor).</summary>
    public required string Path { get; init; }

    /// <summary>Where the vassal starts: its directory for a directory monitor, the emperor's for a glob (as uWSGI).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The monitor (directory or glob) that found it.</summary>
    public required string Monitor { get; init; }

    public int Pid { get; set; } = -1;

    /// <summary>The emperor's end of the socketpair; -1 once closed.</summary>
    public int Fd { get; set; } = -1;

    public long Born { get; init; }
    public long LastMod { get; set; }

    /// <summary>The file's mtime to the nanosecond, so a touch within the same second is still a change.</summary>
    public (long Seconds, uint Nanoseconds) Modified { get; set; }

    public long LastHeartbeat { get; set; }
    public bool Loyal { get; set; }
    public bool Ready { get; set; }
    public bool Accepting { get; set; }
    public long LastLoyal { get; set; }
    public long LastReady { get; set; }
    public long LastAccepting { get; set; }
    public long FirstRun { get; init; }
    public long LastRun { get; set; }

    /// <summary>When it was cursed (asked to stop, or its socket closed): SIGKILL after curse-tolerance; 0 if not.</summary>
    public long CursedAt { get; set; }

    /// <summary>True once the emperor asked it to go (file removed, shutdown): its death is final.</summary>
    public bool Stopping { get; set; }

    public uint Uid { get; init; }
    public uint Gid { get; init; }
    public int Respawns { get; set; }

    /// <summary>True once the emperor logged that it ignores this vassal's SOS.</summary>
    public bool SosLogged { get; set; }
}
