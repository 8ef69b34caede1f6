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

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => OneShotClient.GetAsync(gantry.HttpBase, "/sleep/2", Wait)));

        Assert.All(answers, Assert.NotNull);
        await gantry.WaitForOutputAsync("spawned gantry worker 2 (pid ", Wait);
        Assert.True(answers.Distinct().Count() >= 2, "every slow request was answered by one worker: " + string.Join(", ", answers));

        var started = MasterArguments.WorkerPids(gantry).Count;
        await WaitForCheapedAsync(gantry, started - 1);
        var survivor = await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait);

        Assert.NotNull(survivor);
        Assert.DoesNotContain("DAMN", gantry.Output, StringComparison.Ordinal);
        Assert.Equal(1, MasterArguments.WorkerPids(gantry).Values.Count(MasterArguments.IsAlive));
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

    /// <summary>Waits until <paramref name="count"/> "cheaped." lines were logged (the workers that went back to sleep).</summary>
    private static async Task WaitForCheapedAsync(GantryProcess gantry, int count)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (gantry.Lines.Count(line => line.Text.Contains(" cheaped.", StringComparison.Ordinal)) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"fewer than {count} workers cheaped within {Wait}:\n{gantry.Output}");
            await Task.Delay(200);
        }
    }
}
