namespace Gantry.Master.Supervision;

/// <summary>One queued command; <paramref name="Pid"/> and <paramref name="Record"/> qualify <see cref="MasterCommandKind.WorkerReady"/>.</summary>
internal readonly record struct MasterCommand(MasterCommandKind Kind, int Pid = 0, int Record = 0);
