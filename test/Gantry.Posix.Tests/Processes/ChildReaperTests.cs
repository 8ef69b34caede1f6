using System.Diagnostics;
using Gantry.Posix.Processes;
using Gantry.Posix.Tests.Infrastructure;

namespace Gantry.Posix.Tests.Processes;

[Collection(ChildProcessCollection.Name)]
public sealed class ChildReaperTests
{
    [Fact]
    public void ReapAll_ChildrenEndedByExitAndBySignal_ReportsEachWithItsStatus()
    {
        var exited = Spawn("exit 3");
        var killed = Spawn("kill -KILL $$");
        var seen = new Dictionary<int, WaitStatus>();

        // ReapAll never blocks: call it until both children ended, within the bound.
        var clock = Stopwatch.StartNew();
        while (seen.Count < 2 && clock.Elapsed < BoundedWait.Bound)
        {
            ChildReaper.ReapAll((pid, status) => seen.Add(pid, status));
            Thread.Sleep(5);
        }

        Assert.Equal(2, seen.Count);
        Assert.Equal(WaitStatus.FromExitCode(3), seen[exited]);
        Assert.Equal(WaitStatus.FromSignal(SignalNumbers.SIGKILL), seen[killed]);
    }

    [Fact]
    public void ReapAll_ChildStillRunning_LeavesItAndReturnsAtOnce()
    {
        var running = Spawn("exec sleep 30");
        try
        {
            var reaped = ChildReaper.ReapAll((pid, _) => Assert.Fail($"reaped {pid}, which still runs"));

            Assert.Equal(0, reaped);
        }
        finally
        {
            BoundedWait.KillAndReap(running);
        }
    }

    [Fact]
    public void ReapAll_NoChildren_ReturnsZero()
    {
        Assert.Equal(0, ChildReaper.ReapAll((pid, _) => Assert.Fail($"reaped {pid}")));
    }

    private static int Spawn(string script) =>
        ProcessSpawner.Spawn(new ProcessSpawnRequest("/bin/sh", ["-c", script], ["PATH=/usr/bin:/bin"]));
}
