using Gantry.Master.Processes;
using Gantry.Master.Scoreboard;
using Gantry.Master.Tests.Infrastructure;
using Gantry.Posix.Processes;

namespace Gantry.Master.Tests.Supervision;

public sealed class WorkerFleetWatchdogTests
{
    [Fact]
    public void Harakiri_RequestRunsLongerThanTheLimit_KillsLogsAndRespawns()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2, Threads = 2, Harakiri = 3 });
        harness.StartAllReady();
        var worker = harness.Process(2);
        harness.Scoreboard.Core(worker.Record, 1).Begin(EpochMicros.Now(harness.Time), "127.0.0.1"u8, "GET"u8, "/slow?x=1"u8);

        harness.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(harness.Launcher.Signals);
        harness.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal([(worker.Pid, SignalNumbers.SIGKILL)], harness.Launcher.Signals);
        Assert.True(harness.Log.Contains($"*** HARAKIRI ON WORKER 2 (pid: {worker.Pid}, try: 1) ***"));
        Assert.True(harness.Log.Contains("HARAKIRI [core 1] 127.0.0.1 - GET /slow?x=1 since "));
        Assert.Equal(1, harness.Scoreboard.Read(2, WorkerCounter.Harakiri));
        harness.Exit(worker.Pid, WaitStatus.FromSignal(9));
        Assert.True(harness.Log.Contains($"DAMN ! worker 2 (pid: {worker.Pid}) died, killed by signal 9"));
        Assert.NotEqual(worker.Pid, harness.Launcher.LastPid(2));
    }

    [Fact]
    public void Harakiri_WorkerStoppingForAReload_StillKilledWhenItsRequestHangs()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 1, Harakiri = 5, ReexecOnReload = false });
        harness.StartAllReady();
        var worker = harness.Process(1);
        harness.Scoreboard.Core(worker.Record, 0).Begin(EpochMicros.Now(harness.Time), "127.0.0.1"u8, "GET"u8, "/hang"u8);

        harness.Command(Gantry.Master.Supervision.MasterCommandKind.GracefulReload);
        harness.Advance(TimeSpan.FromSeconds(5));

        Assert.True(harness.Launcher.WasSignaled(worker.Pid, SignalNumbers.SIGKILL));
        Assert.True(harness.Log.Contains("HARAKIRI [core 0] 127.0.0.1 - GET /hang since "));
    }

    [Fact]
    public void Harakiri_RequestsFinishInTime_NothingIsKilled()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 1, Harakiri = 2 });
        harness.StartAllReady();
        var core = harness.Scoreboard.Core(harness.Process(1).Record, 0);

        for (var i = 0; i < 5; i++)
        {
            core.Begin(EpochMicros.Now(harness.Time), "10.0.0.1"u8, "POST"u8, "/fast"u8);
            harness.Advance(TimeSpan.FromSeconds(1));
            core.Finish(EpochMicros.Now());
        }

        Assert.Empty(harness.Launcher.Signals);
        Assert.Equal(5, core.Read().Requests);
    }

    [Fact]
    public void MaxWorkerLifetime_Reached_StopsGracefullyAndRespawns()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 1, MaxWorkerLifetime = 10 });
        harness.StartAllReady();
        var worker = harness.Launcher.LastPid(1);

        harness.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(harness.Launcher.Signals);
        harness.Advance(TimeSpan.FromSeconds(1));
        Assert.True(harness.Launcher.WasSignaled(worker, SignalNumbers.SIGHUP));
        Assert.True(harness.Log.Contains("worker 1 lifetime reached, it was running for 10 second(s)"));
        harness.Exit(worker, WaitStatus.FromExitCode(WorkerExitCodes.Reload));

        Assert.Equal(1, harness.Scoreboard.Read(1, WorkerCounter.RecycledLifetime));
        Assert.NotEqual(worker, harness.Launcher.LastPid(1));
    }

    [Fact]
    public void EvilReloadOnRss_WorkerTooBig_IsKilledByTheMaster()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 1, EvilReloadOnRssBytes = 100 << 20 },
            residentBytes: _ => 150L << 20);
        harness.StartAllReady();
        var worker = harness.Launcher.LastPid(1);

        harness.Advance(TimeSpan.FromSeconds(1));

        Assert.True(harness.Launcher.WasSignaled(worker, SignalNumbers.SIGKILL));
        Assert.True(harness.Log.Contains($"*** EVIL RELOAD ON WORKER 1 RSS: {150L << 20} (pid: {worker}) ***"));
        Assert.Equal(150L << 20, harness.Scoreboard.ReadRecord(harness.WorkerFleet.Processes.Single().Record).RssBytes);
    }

    [Fact]
    public void LogStats_ListsEveryWorker()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2 });
        harness.StartAllReady();

        harness.Command(Gantry.Master.Supervision.MasterCommandKind.LogStats);

        Assert.True(harness.Log.Contains($"worker 1 (pid {harness.Launcher.LastPid(1)}): starting, requests: 0"));
        Assert.True(harness.Log.Contains($"worker 2 (pid {harness.Launcher.LastPid(2)}): "));
    }
}
