using Gantry.Master.Processes;
using Gantry.Master.Scoreboard;
using Gantry.Master.Supervision;
using Gantry.Posix.Processes;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Master.Tests.Infrastructure;

/// <summary>A <see cref="WorkerFleet"/> with fake time, a recording launcher, a real (private) scoreboard and captured logs.</summary>
internal sealed class WorkerFleetHarness : IDisposable
{
    public WorkerFleetHarness(MasterOptions options, Func<int, long>? residentBytes = null, Func<string, DateTime?>? modificationTime = null)
    {
        Options = options;
        Scoreboard = WorkerScoreboard.CreatePrivate(options.Workers, options.Threads);
        WorkerFleet = new WorkerFleet(options, Launcher, Scoreboard, Time, Log, residentBytes, modificationTime);
    }

    public MasterOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public RecordingLauncher Launcher { get; } = new();

    public CapturingLogger Log { get; } = new();

    public WorkerScoreboard Scoreboard { get; }

    public WorkerFleet WorkerFleet { get; }

    /// <summary>Starts the fleet and reports every worker ready.</summary>
    public void StartAllReady()
    {
        WorkerFleet.Start();
        foreach (var process in WorkerFleet.Processes.ToList())
        {
            Ready(process.Pid);
        }
    }

    public void Ready(int pid)
    {
        var process = WorkerFleet.Processes.Single(p => p.Pid == pid);
        WorkerFleet.Handle(new MasterCommand(MasterCommandKind.WorkerReady, pid, process.Record));
    }

    public WorkerProcess Process(int id) => WorkerFleet.Processes.Single(p => p.Id == id && !p.Stopping);

    public void Exit(int pid, WaitStatus status) => WorkerFleet.OnChildExited(pid, status);

    public void Command(MasterCommandKind kind) => WorkerFleet.Handle(new MasterCommand(kind));

    /// <summary>Advances fake time and runs the tick, as the loop does once a second.</summary>
    public void Advance(TimeSpan span)
    {
        Time.Advance(span);
        WorkerFleet.Tick();
    }

    public void Dispose() => Scoreboard.Dispose();
}
