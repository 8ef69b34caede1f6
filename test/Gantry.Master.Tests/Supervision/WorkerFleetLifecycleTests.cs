using Gantry.Master.Processes;
using Gantry.Master.Scoreboard;
using Gantry.Master.Supervision;
using Gantry.Master.Tests.Infrastructure;
using Gantry.Posix.Processes;

namespace Gantry.Master.Tests.Supervision;

public sealed class WorkerFleetLifecycleTests
{
    [Fact]
    public void Start_TwoWorkers_SpawnsBothWithCoresInTheLog()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2, Threads = 2, ListenerUrls = "http://127.0.0.1:1" });

        harness.WorkerFleet.Start();

        Assert.Equal([1, 2], harness.Launcher.Spawned.Select(s => s.Id));
        Assert.Equal(2, harness.Launcher.Spawned.Select(s => s.Record).Distinct().Count());
        Assert.True(harness.Log.Contains($"spawned gantry worker 1 (pid {harness.Launcher.LastPid(1)}, cores: 2)"));
        Assert.Equal(harness.Launcher.LastPid(2), harness.Scoreboard.WorkerPid(2));
    }

    [Fact]
    public void WorkerReady_AllWorkersReported_AnnouncesReadinessOnce()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2, ListenerUrls = "http://127.0.0.1:8080" });
        harness.WorkerFleet.Start();

        harness.Ready(harness.Launcher.LastPid(1));
        Assert.False(harness.Log.Contains("gantry ready"));
        harness.Ready(harness.Launcher.LastPid(2));
        harness.Exit(harness.Launcher.LastPid(1), WaitStatus.FromSignal(9));
        harness.Ready(harness.Launcher.LastPid(1));

        Assert.Equal(1, harness.Log.Count($"gantry ready (pid {Environment.ProcessId}): http://127.0.0.1:8080"));
    }

    [Fact]
    public void ChildExited_KilledBySignal_LogsDamnAndRespawns()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2 });
        harness.StartAllReady();
        var victim = harness.Launcher.LastPid(1);

        harness.Exit(victim, WaitStatus.FromSignal(9));

        var replacement = harness.Launcher.LastPid(1);
        Assert.NotEqual(victim, replacement);
        Assert.True(harness.Log.Contains($"DAMN ! worker 1 (pid: {victim}) died, killed by signal 9 :( trying respawn ..."));
        Assert.True(harness.Log.Contains($"Respawned gantry worker 1 (new pid: {replacement})"));
        Assert.Equal(1, harness.Scoreboard.Read(1, WorkerCounter.Respawns));
        Assert.Equal(1, harness.Scoreboard.Read(1, WorkerCounter.Died));
        Assert.Equal(2, harness.WorkerFleet.Processes.Count);
    }

    [Fact]
    public void ChildExited_UnknownPid_IsIgnored()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 1 });
        harness.StartAllReady();

        harness.Exit(424242, WaitStatus.FromExitCode(0));

        Assert.Single(harness.Launcher.Spawned);
    }

    [Fact]
    public void StartupFailure_FailedApp_ShutsDownWithExitCode22()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2 });
        harness.WorkerFleet.Start();
        var failed = harness.Launcher.LastPid(1);
        var other = harness.Launcher.LastPid(2);

        harness.Exit(failed, WaitStatus.FromExitCode(WorkerExitCodes.FailedApp));

        Assert.True(harness.Launcher.WasSignaled(other, SignalNumbers.SIGINT));
        Assert.False(harness.WorkerFleet.Finished);
        harness.Exit(other, WaitStatus.FromExitCode(WorkerExitCodes.End));
        Assert.True(harness.WorkerFleet.Finished);
        Assert.Equal(22, harness.WorkerFleet.ExitCode);
        Assert.Equal(2, harness.Launcher.Spawned.Count);
        Assert.True(harness.Log.Contains("failed during start-up (exit code 22): giving up"));
    }

    [Fact]
    public void StartupFailure_CrashesRepeatedly_GivesUpAfterTheLimit()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 1 });
        harness.WorkerFleet.Start();

        for (var attempt = 0; attempt < WorkerFleet.StartupFailureLimit; attempt++)
        {
            harness.Exit(harness.Launcher.LastPid(1), WaitStatus.FromSignal(11));
            harness.Advance(TimeSpan.FromSeconds(WorkerFleet.ForkBombDelaySeconds + 1));
        }

        Assert.True(harness.WorkerFleet.Finished);
        Assert.Equal(128 + 11, harness.WorkerFleet.ExitCode);
        Assert.Equal(WorkerFleet.StartupFailureLimit, harness.Launcher.Spawned.Count);
    }

    [Fact]
    public void StartupFailure_AfterReady_ResetsTheCount()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 1 });
        harness.WorkerFleet.Start();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            if (attempt == 2)
            {
                harness.Ready(harness.Launcher.LastPid(1));
            }
            harness.Exit(harness.Launcher.LastPid(1), WaitStatus.FromSignal(11));
            harness.Advance(TimeSpan.FromSeconds(WorkerFleet.ForkBombDelaySeconds + 1));
        }

        Assert.False(harness.WorkerFleet.Finished);
        Assert.Equal(5, harness.Launcher.Spawned.Count);
    }

    [Fact]
    public void Respawn_MoreDeathsThanWorkersInOneSecond_WaitsForkBombDelay()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 1 });
        harness.StartAllReady();

        harness.Exit(harness.Launcher.LastPid(1), WaitStatus.FromSignal(9));
        harness.Ready(harness.Launcher.LastPid(1));
        harness.Exit(harness.Launcher.LastPid(1), WaitStatus.FromSignal(9));

        Assert.Equal(2, harness.Launcher.Spawned.Count);
        Assert.True(harness.Log.Contains("worker respawning too fast !!! i have to sleep a bit (2 seconds)..."));
        harness.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, harness.Launcher.Spawned.Count);
        harness.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(3, harness.Launcher.Spawned.Count);
    }

    [Fact]
    public void Spawn_LauncherFails_ShutsDownWithExitCode1()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2 });
        harness.Launcher.FailSpawns = true;

        harness.WorkerFleet.Start();

        Assert.True(harness.WorkerFleet.Finished);
        Assert.Equal(1, harness.WorkerFleet.ExitCode);
        Assert.True(harness.Log.Contains("cannot spawn worker 1: posix_spawn failed"));
    }

    [Fact]
    public void Recycled_ExitCode17WithMaxRequestsReason_CountsAndRespawnsWithoutDamn()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 1 });
        harness.StartAllReady();
        var worker = harness.Process(1);
        harness.Scoreboard.SetRecycleReason(worker.Record, RecycleReason.MaxRequests);

        harness.Exit(worker.Pid, WaitStatus.FromExitCode(WorkerExitCodes.Reload));

        Assert.Equal(1, harness.Scoreboard.Read(1, WorkerCounter.RecycledMaxRequests));
        Assert.False(harness.Log.Contains("DAMN"));
        Assert.True(harness.Log.Contains($"worker 1 recycled (pid: {worker.Pid}, max-requests reached)"));
        Assert.Equal(2, harness.Launcher.Spawned.Count);
    }
}
