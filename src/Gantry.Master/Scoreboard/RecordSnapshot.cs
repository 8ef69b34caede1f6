namespace Gantry.Master.Scoreboard;

/// <summary>A process record as read at one moment (times in epoch µs).</summary>
public readonly record struct RecordSnapshot(
    int Pid,
    int WorkerId,
    ProcessState State,
    RecycleReason RecycleReason,
    long Requests,
    long SpawnedMicros,
    long ReadyMicros,
    long RssBytes);
