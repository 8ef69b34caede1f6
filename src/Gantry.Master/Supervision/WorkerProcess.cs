namespace Gantry.Master.Supervision;

/// <summary>The master's view of one running worker process (owned by <see cref="WorkerFleet"/>; times in epoch µs).</summary>
internal sealed class WorkerProcess(int id, int pid, int record, long spawnedMicros)
{
    /// <summary>The worker id (1…processes); a chain reload briefly runs two processes with the same id.</summary>
    public int Id { get; } = id;

    public int Pid { get; } = pid;

    /// <summary>The scoreboard record the process writes.</summary>
    public int Record { get; } = record;

    public long SpawnedMicros { get; } = spawnedMicros;

    /// <summary>True once the worker reported its application loaded.</summary>
    public bool Ready { get; set; }

    /// <summary>Why the master asked it to stop; None while it serves.</summary>
    public StopReason StopReason { get; set; }

    /// <summary>When the stop was asked (epoch µs).</summary>
    public long StopRequestedMicros { get; set; }

    /// <summary>Seconds it gets between the stop request and SIGKILL.</summary>
    public int MercySeconds { get; set; }

    /// <summary>True once SIGKILL was sent.</summary>
    public bool Killed { get; set; }

    public bool Stopping => StopReason != StopReason.None;
}
