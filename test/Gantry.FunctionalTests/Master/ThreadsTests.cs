using System.Diagnostics;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Master;

/// <summary>--threads N: N loops per process sharing the listeners; a request blocking in the app stalls only its own loop.</summary>
[Collection(GantryCollection.Name)]
public sealed class ThreadsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TwoThreads_OneRequestBlocks_AnotherIsAnsweredMeanwhile(bool master)
    {
        string[] arguments = ["--http", "127.0.0.1:0", "--wsgi-file", MasterArguments.App, "--threads", "2", "--disable-logging"];
        await using var gantry = await GantryProcess.StartReadyAsync(master ? [.. arguments, "--master"] : arguments);

        var slow = OneShotClient.GetAsync(gantry.HttpBase, "/sleep/3", Wait);
        await Task.Delay(300);
        var watch = Stopwatch.StartNew();
        var fast = await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait);
        var fastTime = watch.Elapsed;

        Assert.NotNull(fast);
        Assert.True(fastTime < TimeSpan.FromSeconds(1.5), $"the second request waited {fastTime.TotalMilliseconds:0} ms behind the blocked one");
        Assert.Equal(fast, await slow);
        Assert.Equal(1, gantry.Output.Split('\n').Count(ReadinessLine.IsMatch));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }
}
