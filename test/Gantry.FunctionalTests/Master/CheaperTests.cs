using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// Cheaper mode (uWSGI's spare algorithm) with the real binary: one worker at start, more while every worker is busy,
/// back down to one once idle. Waits are bounded and generous; nothing asserts on timing.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class CheaperTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cheaper_SlowRequestsThenIdle_AddsWorkersThenCheapsBackToOne()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
            MasterArguments.With("--processes", "3", "--cheaper", "1", "--cheaper-overload", "1"));

        Assert.Equal([1], MasterArguments.WorkerPids(gantry).Keys);
        Assert.Contains("cheaper mode: 1 of 3 workers at start, at least 1", gantry.Output, StringComparison.Ordinal);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(index => SlowRequestAsync(gantry.HttpBase, index)));

        Assert.All(answers, Assert.NotNull);
        await gantry.WaitForOutputAsync("spawned gantry worker 2 (pid ", Wait);
        Assert.True(answers.Distinct().Count() >= 2, "every slow request was answered by one worker: " + string.Join(", ", answers));

        await WaitForOneLiveWorkerAsync(gantry);
        var survivor = await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait);

        Assert.NotNull(survivor);
        Assert.Contains(" cheaped.", gantry.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("DAMN", gantry.Output, StringComparison.Ordinal);
        Assert.Equal([int.Parse(survivor)], MasterArguments.WorkerPids(gantry).Values.Where(MasterArguments.IsAlive));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task Cheaper_NotBelowProcesses_RefusedNamingTheKey()
    {
        await using var gantry = GantryProcess.Start(MasterArguments.With("--processes", "2", "--cheaper", "2"));

        Assert.NotEqual(0, await gantry.WaitForExitAsync(Wait));
        Assert.Contains("cheaper", gantry.Output, StringComparison.Ordinal);
        Assert.Contains("must be lower than processes (2)", gantry.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A slow request sent 400 ms after the previous one: a worker's loop accepts every connection already waiting
    /// when it next looks, so a burst sent at once would all be held by worker 1; spaced out, the ones arriving
    /// while worker 1 is inside the application wait in the backlog for the workers cheaper mode adds.
    /// </summary>
    private static async Task<string?> SlowRequestAsync(Uri baseUri, int index)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(400 * index));
        return await OneShotClient.GetAsync(baseUri, "/sleep/3", Wait);
    }

    /// <summary>
    /// Waits until one worker process is left (a slot may be cheaped and started again while the load lasts, so the
    /// "cheaped." lines are not counted; the pids from the spawn lines are checked in /proc).
    /// </summary>
    private static async Task WaitForOneLiveWorkerAsync(GantryProcess gantry)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (MasterArguments.WorkerPids(gantry).Values.Count(MasterArguments.IsAlive) != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, $"workers not cheaped back to one within {Wait}:\n{gantry.Output}");
            await Task.Delay(200);
        }
    }
}
