using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Master;

namespace Gantry.FunctionalTests.Faults;

/// <summary>
/// A segfault in a C extension (issue 15 §7): the worker logs every Python thread's traceback (faulthandler, where uWSGI
/// logs a C backtrace), the master says it died of signal 11 and respawns it, and the other worker's clients lose
/// nothing but what the crashed worker had already accepted.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class SegfaultTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static string App => Path.Combine(RepoPaths.Root, "test", "Gantry.FunctionalTests", "Faults", "faults_app.py");

    [Fact]
    public async Task SegfaultInCExtension_PythonTracebackLogged_WorkerRespawned_OthersServed()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--master", "--processes", "2", "--wsgi-file", App, "--disable-logging"]);
        var load = LoadLoop.Start(gantry.HttpBase, clients: 2);
        await load.WaitForSuccessesAsync(50, Wait);
        var from = gantry.LineCount;

        Assert.Null(await OneShotClient.GetAsync(gantry.HttpBase, "/segv", Wait));
        await gantry.WaitForOutputAsync("Fatal Python error: Segmentation fault", Wait, from);
        var frame = await gantry.WaitForOutputAsync(@"File "".*faults_app\.py"", line \d+ in crash_in_c_extension", Wait, from);
        var death = await gantry.WaitForOutputAsync(@"DAMN ! worker \d \(pid: \d+\) died, killed by signal 11", Wait, from);
        await gantry.WaitForOutputAsync("Respawned gantry worker ", Wait, from);
        await load.WaitForSuccessesAsync(50, Wait);
        await load.StopAsync();
        output.WriteLine($"{frame}\n{death}\nload: {load}");

        // Only requests the crashed worker had already accepted can fail: at most one per client.
        Assert.True(load.Failed <= 2, $"too many failures: {load}");
        Assert.Equal(2, MasterArguments.WorkerPids(gantry).Count);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }
}
