using System.Diagnostics;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Master;

[Collection(GantryCollection.Name)]
public sealed class MasterWatchdogTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Harakiri_SleepingRequest_KilledWithinASecondOfTheLimit_NextRequestSucceeds()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "1", "--harakiri", "2"));
        var first = MasterArguments.WorkerPids(gantry)[1];

        var watch = Stopwatch.StartNew();
        var answer = await OneShotClient.GetAsync(gantry.HttpBase, "/sleep/100", Wait);
        var elapsed = watch.Elapsed;

        Assert.Null(answer);
        // Killed at the master's first 1 s tick past the limit; the upper bound leaves a loaded machine room (it is a
        // bound a hang or a missed harakiri cannot meet, not a measurement).
        Assert.InRange(elapsed.TotalSeconds, 1.9, 6);
        await gantry.WaitForOutputAsync($"*** HARAKIRI ON WORKER 1 (pid: {first}, try: 1) ***", Wait);
        Assert.Contains("- GET /sleep/100 since ", gantry.Output, StringComparison.Ordinal);
        var next = await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait);
        Assert.NotNull(next);
        Assert.NotEqual(first.ToString(), next);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task MaxRequests_Reached_WorkerRecycledWithoutFailingARequest()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
            MasterArguments.With("--processes", "1", "--max-requests", "5", "--min-worker-lifetime", "0"));

        var answers = new List<string?>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add(await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait));
        }

        Assert.All(answers, Assert.NotNull);
        Assert.True(answers.Distinct().Count() >= 3, "pids: " + string.Join(", ", answers));
        Assert.Equal(5, answers.Count(a => a == answers[0]));
        Assert.Contains("recycled (pid: ", gantry.Output, StringComparison.Ordinal);
        Assert.Contains("max-requests reached", gantry.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("DAMN", gantry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task ReloadOnRss_LimitBelowTheWorkersSize_RecycledAfterARequest()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
            MasterArguments.With("--processes", "1", "--reload-on-rss", "1", "--min-worker-lifetime", "0"));
        var first = await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait);

        await gantry.WaitForOutputAsync($"worker 1 recycled (pid: {first}, reload-on-rss exceeded)", Wait);
        var second = await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait);

        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task MaxWorkerLifetime_Reached_WorkerReplacedGracefully()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "1", "--max-worker-lifetime", "2"));
        var first = MasterArguments.WorkerPids(gantry)[1];

        await gantry.WaitForOutputAsync("worker 1 lifetime reached, it was running for 2 second(s)", Wait);
        await gantry.WaitForOutputAsync("Respawned gantry worker 1 (new pid: ", Wait);

        Assert.NotEqual(first.ToString(), await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task Sigusr1_Master_LogsEveryWorkersState()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2"));
        Assert.NotNull(await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait));
        var pids = MasterArguments.WorkerPids(gantry);

        gantry.Signal(Signum.SIGUSR1);

        await gantry.WaitForOutputAsync($"worker 1 (pid {pids[1]}): ready, requests: ", Wait);
        await gantry.WaitForOutputAsync($"worker 2 (pid {pids[2]}): ready, requests: ", Wait);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }
}
