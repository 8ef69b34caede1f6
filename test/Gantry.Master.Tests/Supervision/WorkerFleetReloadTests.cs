using Gantry.Master.Processes;
using Gantry.Master.Scoreboard;
using Gantry.Master.Supervision;
using Gantry.Master.Tests.Infrastructure;
using Gantry.Posix.Processes;

namespace Gantry.Master.Tests.Supervision;

public sealed class WorkerFleetReloadTests
{
    [Fact]
    public void GracefulReload_StopsEveryWorkerWithoutRespawn_ThenAsksForReexec()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2 });
        harness.StartAllReady();
        var first = harness.Launcher.LastPid(1);
        var second = harness.Launcher.LastPid(2);

        harness.Command(MasterCommandKind.GracefulReload);
        harness.Exit(first, WaitStatus.FromExitCode(WorkerExitCodes.Reload));
        Assert.False(harness.WorkerFleet.Finished);
        harness.Exit(second, WaitStatus.FromExitCode(WorkerExitCodes.Reload));

        Assert.True(harness.Launcher.WasSignaled(first, SignalNumbers.SIGHUP));
        Assert.True(harness.Launcher.WasSignaled(second, SignalNumbers.SIGHUP));
        Assert.Equal(2, harness.Launcher.Spawned.Count);
        Assert.True(harness.WorkerFleet.Finished);
        Assert.True(harness.WorkerFleet.ReexecRequested);
        Assert.Equal(0, harness.WorkerFleet.ExitCode);
    }

    [Fact]
    public void ReloadThenShutdown_ShutdownWins_NoReexec()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 1 });
        harness.StartAllReady();

        harness.Command(MasterCommandKind.GracefulReload);
        harness.Command(MasterCommandKind.BrutalShutdown);
        harness.Exit(harness.Launcher.LastPid(1), WaitStatus.FromExitCode(WorkerExitCodes.End));

        Assert.True(harness.WorkerFleet.Finished);
        Assert.False(harness.WorkerFleet.ReexecRequested);
    }

    [Theory]
    [InlineData(MasterCommandKind.GracefulWorkersReload)]
    [InlineData(MasterCommandKind.GracefulReload)]
    public void WorkersReload_SendsSighupAndRespawnsEachWorkerAfterItExits(MasterCommandKind command)
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2, ReexecOnReload = command != MasterCommandKind.GracefulReload });
        harness.StartAllReady();
        var first = harness.Launcher.LastPid(1);
        var second = harness.Launcher.LastPid(2);

        harness.Command(command == MasterCommandKind.GracefulReload ? command : MasterCommandKind.GracefulWorkersReload);

        Assert.True(harness.Launcher.WasSignaled(first, SignalNumbers.SIGHUP));
        Assert.True(harness.Launcher.WasSignaled(second, SignalNumbers.SIGHUP));
        Assert.Equal(2, harness.Launcher.Spawned.Count);
        harness.Time.Advance(TimeSpan.FromMilliseconds(300));
        harness.Exit(first, WaitStatus.FromExitCode(WorkerExitCodes.Reload));
        Assert.Equal(3, harness.Launcher.Spawned.Count);
        Assert.True(harness.Log.Contains("worker 1 buried after 1 seconds"));
        Assert.Equal(1, harness.Scoreboard.Read(1, WorkerCounter.Reloaded));
        Assert.False(harness.Log.Contains("DAMN"));
    }

    [Fact]
    public void BrutalReload_SendsSigtermToEveryWorker()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2 });
        harness.StartAllReady();

        harness.Command(MasterCommandKind.BrutalReload);

        Assert.True(harness.Launcher.WasSignaled(harness.Launcher.LastPid(1), SignalNumbers.SIGTERM));
        Assert.True(harness.Launcher.WasSignaled(harness.Launcher.LastPid(2), SignalNumbers.SIGTERM));
        Assert.True(harness.Log.Contains("...brutally killing workers..."));
    }

    [Fact]
    public void ChainReload_StartsEachReplacementBeforeStoppingItsOldWorker()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2 });
        harness.StartAllReady();
        var old1 = harness.Launcher.LastPid(1);
        var old2 = harness.Launcher.LastPid(2);

        harness.Command(MasterCommandKind.ChainReload);

        var new1 = harness.Launcher.LastPid(1);
        Assert.NotEqual(old1, new1);
        Assert.Empty(harness.Launcher.Signals);
        harness.Ready(new1);
        Assert.Equal([(old1, SignalNumbers.SIGHUP)], harness.Launcher.Signals);
        Assert.Equal(old2, harness.Launcher.LastPid(2));
        harness.Exit(old1, WaitStatus.FromExitCode(WorkerExitCodes.Reload));

        var new2 = harness.Launcher.LastPid(2);
        Assert.NotEqual(old2, new2);
        Assert.False(harness.Launcher.WasSignaled(old2, SignalNumbers.SIGHUP));
        harness.Ready(new2);
        Assert.True(harness.Launcher.WasSignaled(old2, SignalNumbers.SIGHUP));
        harness.Exit(old2, WaitStatus.FromExitCode(WorkerExitCodes.Reload));

        Assert.False(harness.WorkerFleet.ChainReloading);
        Assert.True(harness.Log.Contains("chain reload complete"));
        Assert.Equal([new1, new2], harness.WorkerFleet.Processes.OrderBy(p => p.Id).Select(p => p.Pid));
        Assert.Equal(4, harness.Launcher.Spawned.Count);
    }

    [Fact]
    public void ChainReload_ReplacementDiesDuringStartup_KeepsTheOldWorker()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2 });
        harness.StartAllReady();
        var old1 = harness.Launcher.LastPid(1);
        harness.Command(MasterCommandKind.ChainReload);

        harness.Exit(harness.Launcher.LastPid(1), WaitStatus.FromSignal(11));

        Assert.False(harness.WorkerFleet.ChainReloading);
        Assert.Contains(harness.WorkerFleet.Processes, p => p.Pid == old1 && !p.Stopping);
        Assert.Empty(harness.Launcher.Signals);
    }

    [Fact]
    public void GracefulShutdown_WaitsForEveryWorker_ThenFinishes()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2 });
        harness.StartAllReady();
        var first = harness.Launcher.LastPid(1);
        var second = harness.Launcher.LastPid(2);

        harness.Command(MasterCommandKind.GracefulShutdown);
        harness.Exit(first, WaitStatus.FromExitCode(WorkerExitCodes.Reload));

        Assert.False(harness.WorkerFleet.Finished);
        harness.Exit(second, WaitStatus.FromExitCode(WorkerExitCodes.Reload));
        Assert.True(harness.WorkerFleet.Finished);
        Assert.Equal(0, harness.WorkerFleet.ExitCode);
        Assert.Equal(2, harness.Launcher.Spawned.Count);
    }

    [Fact]
    public void BrutalShutdown_SendsSigint_AndNothingIsRespawned()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 2 });
        harness.StartAllReady();

        harness.Command(MasterCommandKind.BrutalShutdown);
        foreach (var (_, _, pid) in harness.Launcher.Spawned.ToList())
        {
            Assert.True(harness.Launcher.WasSignaled(pid, SignalNumbers.SIGINT));
            harness.Exit(pid, WaitStatus.FromExitCode(WorkerExitCodes.End));
        }

        Assert.True(harness.WorkerFleet.Finished);
        Assert.Equal(2, harness.Launcher.Spawned.Count);
    }

    [Fact]
    public void Shutdown_WorkerIgnoresIt_KilledAfterReloadMercy()
    {
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 1, ReloadMercy = 5 });
        harness.StartAllReady();
        var stubborn = harness.Launcher.LastPid(1);

        harness.Command(MasterCommandKind.GracefulShutdown);
        harness.Advance(TimeSpan.FromSeconds(4));
        Assert.False(harness.Launcher.WasSignaled(stubborn, SignalNumbers.SIGKILL));
        harness.Advance(TimeSpan.FromSeconds(1));

        Assert.True(harness.Launcher.WasSignaled(stubborn, SignalNumbers.SIGKILL));
        Assert.True(harness.Log.Contains($"worker 1 (pid: {stubborn}) is taking too much time to die...NO MERCY !!!"));
        harness.Exit(stubborn, WaitStatus.FromSignal(9));
        Assert.True(harness.WorkerFleet.Finished);
    }

    [Fact]
    public void TouchReload_FileModified_ReloadsGracefully()
    {
        var modified = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var harness = new WorkerFleetHarness(new MasterOptions { Workers = 1, TouchReload = ["/srv/app/reload"] },
            modificationTime: _ => modified);
        harness.StartAllReady();
        var worker = harness.Launcher.LastPid(1);

        harness.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(harness.Launcher.Signals);
        modified = modified.AddSeconds(5);
        harness.Advance(TimeSpan.FromSeconds(1));

        Assert.True(harness.Launcher.WasSignaled(worker, SignalNumbers.SIGHUP));
        Assert.True(harness.Log.Contains("*** /srv/app/reload has been touched... grace them all !!! ***"));
    }
}
