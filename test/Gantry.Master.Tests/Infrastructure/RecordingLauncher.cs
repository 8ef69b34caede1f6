using Gantry.Master.Processes;

namespace Gantry.Master.Tests.Infrastructure;

/// <summary>
/// Stands in for posix_spawn and kill(2) in the fleet's unit tests: hands out increasing pids and records
/// every spawn and signal (the real launcher is tested separately with real processes).
/// </summary>
internal sealed class RecordingLauncher : IWorkerLauncher
{
    private int _nextPid = 1000;

    public List<(int Id, int Record, int Pid)> Spawned { get; } = [];

    public List<(int Pid, int Signal)> Signals { get; } = [];

    public bool FailSpawns { get; set; }

    public int Spawn(int workerId, int record)
    {
        if (FailSpawns)
        {
            throw new InvalidOperationException("posix_spawn failed: errno 2");
        }
        var pid = ++_nextPid;
        Spawned.Add((workerId, record, pid));
        return pid;
    }

    public void Signal(int pid, int signal) => Signals.Add((pid, signal));

    public int LastPid(int workerId) => Spawned.Last(s => s.Id == workerId).Pid;

    public bool WasSignaled(int pid, int signal) => Signals.Contains((pid, signal));
}
