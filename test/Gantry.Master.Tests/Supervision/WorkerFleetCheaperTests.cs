using Gantry.Master.Processes;
using Gantry.Master.Scoreboard;
using Gantry.Master.Supervision;
using Gantry.Master.Tests.Infrastructure;
using Gantry.Posix.Processes;

namespace Gantry.Master.Tests.Supervision;

/// <summary>Cheaper mode, spare algorithm (uWSGI 2.0 core/master_utils.c), driven one master cycle at a time with fake time.</summary>
public sealed class WorkerFleetCheaperTests
{
    private static readonly TimeSpan Cycle = TimeSpan.FromSeconds(1);

    [Fact]
    public void Start_CheaperOne_SpawnsOneWorkerAndAnnouncesReadinessWhenItIsReady()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 3, Cheaper = 1, ListenerUrls = "http://127.0.0.1:1" });

        harness.StartAllReady();

        Assert.Equal([1], harness.Launcher.Spawned.Select(s => s.Id));
        Assert.Equal([2, 3], harness.WorkerFleet.CheapedWorkers);
        Assert.True(harness.Log.Contains("gantry ready"));
        Assert.True(harness.Log.Contains("cheaper mode: 1 of 3 workers at start, at least 1"));
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(9, 4)]
    public void Start_CheaperInitial_SpawnsThatManyClampedToProcesses(int initial, int expected)
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 4, Cheaper = 1, CheaperInitial = initial });

        harness.WorkerFleet.Start();

        Assert.Equal(expected, harness.Launcher.Spawned.Count);
    }

    [Fact]
    public void Tick_AllBusyForOverloadCycles_StartsOneCheapedWorker()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 3, Cheaper = 1, CheaperOverload = 2 });
        harness.StartAllReady();
        Busy(harness, harness.Process(1));

        harness.Advance(Cycle);
        Assert.Single(harness.Launcher.Spawned);
        harness.Advance(Cycle);

        Assert.Equal([1, 2], harness.Launcher.Spawned.Select(s => s.Id));
        Assert.True(harness.Log.Contains($"spawned gantry worker 2 (pid {harness.Launcher.LastPid(2)}, cores: 1)"));
        Assert.Equal([3], harness.WorkerFleet.CheapedWorkers);
    }

    [Fact]
    public void Tick_CheaperStepTwo_StartsTwoWorkersInOneCycle()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 4, Cheaper = 1, CheaperStep = 2, CheaperOverload = 1 });
        harness.StartAllReady();
        Busy(harness, harness.Process(1));

        harness.Advance(Cycle);

        Assert.Equal([1, 2, 3], harness.Launcher.Spawned.Select(s => s.Id));
    }

    [Fact]
    public void Tick_OverloadedForLong_NeverRunsMoreThanProcesses()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2, Cheaper = 1, CheaperOverload = 1 });
        harness.StartAllReady();

        for (var cycle = 0; cycle < 10; cycle++)
        {
            foreach (var process in harness.WorkerFleet.Processes.ToList())
            {
                if (!process.Ready)
                {
                    harness.Ready(process.Pid);
                }
                Busy(harness, process);
            }
            harness.Advance(Cycle);
        }

        Assert.Equal(2, harness.WorkerFleet.Processes.Count);
        Assert.Equal(2, harness.Launcher.Spawned.Count);
        Assert.Empty(harness.WorkerFleet.CheapedWorkers);
    }

    [Fact]
    public void Tick_IdleAfterASpike_CheapsOldestWorkersOneByOneDownToCheaper()
    {
        using var harness = ScaledToThree(overload: 2);
        Idle(harness);
        var oldest = harness.Launcher.LastPid(1);

        harness.Advance(Cycle);
        Assert.Empty(harness.Launcher.Signals);
        harness.Advance(Cycle);
        Assert.True(harness.Launcher.WasSignaled(oldest, SignalNumbers.SIGHUP));
        harness.Exit(oldest, WaitStatus.FromExitCode(WorkerExitCodes.Reload));
        Assert.True(harness.Log.Contains($"worker 1 killed successfully (pid: {oldest})"));
        Assert.True(harness.Log.Contains("gantry worker 1 cheaped."));

        for (var cycle = 0; cycle < 10; cycle++)
        {
            foreach (var (pid, _) in harness.Launcher.Signals.ToList())
            {
                harness.Exit(pid, WaitStatus.FromExitCode(WorkerExitCodes.Reload));
            }
            harness.Advance(Cycle);
        }

        Assert.Equal(3, harness.Launcher.Spawned.Count);
        var survivor = Assert.Single(harness.WorkerFleet.Processes);
        Assert.Equal(3, survivor.Id);
        Assert.Equal([1, 2], harness.WorkerFleet.CheapedWorkers);
    }

    [Fact]
    public void Tick_OneSpareWorkerLeft_IsStableAndCheapsNothing()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 3, Cheaper = 1, CheaperOverload = 1, CheaperInitial = 2 });
        harness.StartAllReady();
        Busy(harness, harness.Process(1));

        for (var cycle = 0; cycle < 10; cycle++)
        {
            harness.Advance(Cycle);
        }

        Assert.Empty(harness.Launcher.Signals);
        Assert.Equal(2, harness.Launcher.Spawned.Count);
    }

    [Fact]
    public void ChildExited_RunningWorkerCrashes_IsRespawnedAndCheapedSlotsStayOff()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 3, Cheaper = 1 });
        harness.StartAllReady();
        var victim = harness.Launcher.LastPid(1);

        harness.Exit(victim, WaitStatus.FromSignal(9));
        harness.Advance(Cycle);

        Assert.Equal([1, 1], harness.Launcher.Spawned.Select(s => s.Id));
        Assert.Equal([2, 3], harness.WorkerFleet.CheapedWorkers);
    }

    [Fact]
    public void ChildExited_CheapedWorkerDies_IsNotRespawned()
    {
        using var harness = ScaledToThree(overload: 1);
        Idle(harness);
        harness.Advance(Cycle);
        var (cheaped, _) = Assert.Single(harness.Launcher.Signals);

        harness.Exit(cheaped, WaitStatus.FromSignal(9));
        harness.Advance(Cycle);

        Assert.DoesNotContain(harness.WorkerFleet.Processes, p => p.Id == 1);
        Assert.Contains(1, harness.WorkerFleet.CheapedWorkers);
    }

    [Fact]
    public void WorkersReload_WithCheapedSlots_ReplacesOnlyTheRunningWorkers()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 3, Cheaper = 1, CheaperInitial = 2 });
        harness.StartAllReady();
        var first = harness.Launcher.LastPid(1);
        var second = harness.Launcher.LastPid(2);

        harness.Command(MasterCommandKind.GracefulWorkersReload);
        harness.Exit(first, WaitStatus.FromExitCode(WorkerExitCodes.Reload));
        harness.Exit(second, WaitStatus.FromExitCode(WorkerExitCodes.Reload));

        Assert.Equal([1, 2, 1, 2], harness.Launcher.Spawned.Select(s => s.Id));
        Assert.Equal([3], harness.WorkerFleet.CheapedWorkers);
    }

    [Fact]
    public void ChainReload_WithCheapedSlots_ReplacesOnlyTheRunningWorkerAndCompletes()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 3, Cheaper = 1 });
        harness.StartAllReady();
        var old = harness.Launcher.LastPid(1);

        harness.Command(MasterCommandKind.ChainReload);
        harness.Ready(harness.Launcher.LastPid(1));
        harness.Exit(old, WaitStatus.FromExitCode(WorkerExitCodes.Reload));

        Assert.Equal([1, 1], harness.Launcher.Spawned.Select(s => s.Id));
        Assert.False(harness.WorkerFleet.ChainReloading);
        Assert.True(harness.Log.Contains("chain reload complete"));
    }

    [Fact]
    public void GracefulShutdown_WhileAWorkerIsBeingCheaped_Finishes()
    {
        using var harness = ScaledToThree(overload: 1);
        Idle(harness);
        harness.Advance(Cycle);

        harness.Command(MasterCommandKind.GracefulShutdown);
        foreach (var process in harness.WorkerFleet.Processes.ToList())
        {
            harness.Exit(process.Pid, WaitStatus.FromExitCode(WorkerExitCodes.End));
        }

        Assert.True(harness.WorkerFleet.Finished);
        Assert.Equal(0, harness.WorkerFleet.ExitCode);
    }

    [Fact]
    public void Tick_AboveSoftRssLimit_StartsNoWorkerUnderLoad()
    {
        using var harness = new WorkerFleetHarness(
            new MasterOptions { Workers = 3, Cheaper = 1, CheaperOverload = 1, CheaperRssLimitSoft = 100 }, residentBytes: _ => 150);
        harness.StartAllReady();
        Busy(harness, harness.Process(1));

        for (var cycle = 0; cycle < 5; cycle++)
        {
            harness.Advance(Cycle);
        }

        Assert.Single(harness.Launcher.Spawned);
    }

    [Fact]
    public void Tick_AboveHardRssLimit_CheapsOneIdleWorkerPerCycle()
    {
        using var harness = new WorkerFleetHarness(
            new MasterOptions { Workers = 3, Cheaper = 1, CheaperInitial = 3, CheaperOverload = 5, CheaperRssLimitSoft = 100, CheaperRssLimitHard = 250 },
            residentBytes: _ => 100);
        harness.StartAllReady();
        var oldest = harness.Launcher.LastPid(1);

        harness.Advance(Cycle);

        var (pid, signal) = Assert.Single(harness.Launcher.Signals);
        Assert.Equal((oldest, SignalNumbers.SIGHUP), (pid, signal));
        Assert.True(harness.Log.Contains("cheaper hard rss memory limit exceeded, cheap one of 3 workers"));
    }

    /// <summary>Three workers running after a spike (cheaper 1, processes 3), all ready and busy.</summary>
    private static WorkerFleetHarness ScaledToThree(int overload)
    {
        // Fake time: each cycle is one tick, and the spare algorithm needs about overload + 1 ticks per new worker.
        // The bound turns a fleet that never scales up into a failure instead of an endless loop.
        var maxCycles = 10 * (overload + 1);
        var harness = new WorkerFleetHarness(new MasterOptions { Workers = 3, Cheaper = 1, CheaperOverload = overload });
        harness.StartAllReady();
        for (var cycle = 0; harness.WorkerFleet.Processes.Count < 3; cycle++)
        {
            Assert.True(cycle < maxCycles, $"still {harness.WorkerFleet.Processes.Count} workers after {maxCycles} busy cycles");
            foreach (var process in harness.WorkerFleet.Processes.ToList())
            {
                if (!process.Ready)
                {
                    harness.Ready(process.Pid);
                }
                Busy(harness, process);
            }
            harness.Advance(Cycle);
        }
        harness.Ready(harness.Launcher.LastPid(3));
        return harness;
    }

    private static void Busy(WorkerFleetHarness harness, WorkerProcess process) =>
        harness.Scoreboard.Core(process.Record, 0).Begin(EpochMicros.Now(harness.Time), "127.0.0.1"u8, "GET"u8, "/slow"u8);

    private static void Idle(WorkerFleetHarness harness)
    {
        foreach (var process in harness.WorkerFleet.Processes)
        {
            harness.Scoreboard.Core(process.Record, 0).Finish(EpochMicros.Now());
        }
    }
}
