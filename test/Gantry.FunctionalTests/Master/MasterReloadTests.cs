using Gantry.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// Reloads under a bounded load (3 clients opening one connection per request, no retries, and 2 keep-alive clients
/// that retry only what HTTP allows): graceful and chain reloads must not fail a single request, since the
/// listening sockets stay open in the master throughout. The messages report both counts.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class MasterReloadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task GracefulReload_SighupUnderLoad_MasterReexecutesKeepingSocketsZeroFailedRequests()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2"));
        var before = MasterArguments.WorkerPids(gantry).Values.ToHashSet();
        var load = LoadLoop.Start(gantry.HttpBase, clients: 3, keepAliveClients: 2);
        await load.WaitForSuccessesAsync(100, Wait);
        var from = gantry.LineCount;

        gantry.Signal(Signum.SIGHUP);
        await gantry.WaitForOutputAsync("binary reloading gantry...", Wait, from);
        await gantry.WaitForOutputAsync($"gracefully (RE)spawned gantry master process (pid: {gantry.Pid}), 1 socket(s) inherited", Wait, from);
        await gantry.WaitForOutputAsync($"gantry ready (pid {gantry.Pid}): {gantry.HttpBase.ToString().TrimEnd('/')}", Wait, from);
        var after = MasterArguments.WorkerPids(gantry).Values.Select(p => p.ToString()).ToList();
        await WaitForAnswersFromAsync(load, after);
        await load.StopAsync();
        output.WriteLine(load.ToString());

        Assert.Empty(before.Intersect(MasterArguments.WorkerPids(gantry).Values));
        Assert.True(load.Failed == 0, $"graceful reload failed requests: {load}");
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task ChainReload_FifoUnderLoad_ZeroFailedRequestsOneWorkerAtATime()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var fifo = Path.Combine(directory.Path, "master.fifo");
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2", "--master-fifo", fifo));
        var load = LoadLoop.Start(gantry.HttpBase, clients: 3, keepAliveClients: 2);
        await load.WaitForSuccessesAsync(100, Wait);
        var from = gantry.LineCount;

        await File.WriteAllTextAsync(fifo, "c");
        await gantry.WaitForOutputAsync("chain reload complete", Wait, from);
        var after = MasterArguments.WorkerPids(gantry).Values.Select(p => p.ToString()).ToList();
        await WaitForAnswersFromAsync(load, after);
        await load.StopAsync();
        output.WriteLine(load.ToString());

        var lines = gantry.Lines.Skip(from).Select(l => l.Text).ToList();
        var secondSpawn = lines.FindIndex(l => l.StartsWith("Respawned gantry worker 2 ", StringComparison.Ordinal));
        var firstBuried = lines.FindIndex(l => l.StartsWith("worker 1 buried", StringComparison.Ordinal));
        Assert.True(firstBuried >= 0 && firstBuried < secondSpawn, "worker 2 was replaced before worker 1 was done:\n" + string.Join('\n', lines));
        Assert.True(load.Failed == 0, $"chain reload failed requests: {load}");
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task Sigterm_WithoutDieOnTerm_ReloadsBrutally_WithDieOnTerm_ShutsDown()
    {
        await using (var reloading = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "1")))
        {
            var from = reloading.LineCount;
            reloading.Signal(Signum.SIGTERM);
            await reloading.WaitForOutputAsync("...brutally killing workers...", Wait, from);
            await reloading.WaitForOutputAsync("gantry ready (pid ", Wait, from);
            Assert.NotNull(await OneShotClient.GetAsync(reloading.HttpBase, "/pid", Wait));
            Assert.Equal(0, await reloading.StopAsync(Signum.SIGINT));
        }

        // With die-on-term SIGTERM drains (a container platform's stop): the request in flight is answered, then all exit.
        await using var dying = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "1", "--die-on-term", "--stats", "127.0.0.1:0"));
        var inFlight = OneShotClient.GetAsync(dying.HttpBase, "/sleep/1", Wait);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, (await StatsServerTests.WaitUntilBusyAsync(dying)).ValueKind);
        Assert.Equal(0, await dying.StopAsync(Signum.SIGTERM));
        Assert.NotNull(await inFlight);
        Assert.Contains("graceful shutdown triggered...", dying.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--touch-reload", "gantry ready (pid ")]
    [InlineData("--touch-chain-reload", "chain reload complete")]
    public async Task TouchReload_FileTouchedUnderLoad_ZeroFailedRequests(string option, string done)
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var touched = Path.Combine(directory.Path, "reload.txt");
        await File.WriteAllTextAsync(touched, "1");
        File.SetLastWriteTimeUtc(touched, DateTime.UtcNow.AddMinutes(-1));
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2", option, touched));
        var load = LoadLoop.Start(gantry.HttpBase, clients: 3, keepAliveClients: 2);
        await load.WaitForSuccessesAsync(100, Wait);
        var from = gantry.LineCount;

        File.SetLastWriteTimeUtc(touched, DateTime.UtcNow);
        await gantry.WaitForOutputAsync($"*** {touched} has been touched... ", Wait, from);
        await gantry.WaitForOutputAsync(done, Wait, from);
        var after = MasterArguments.WorkerPids(gantry).Values.Select(p => p.ToString()).ToList();
        await WaitForAnswersFromAsync(load, after);
        await load.StopAsync();
        output.WriteLine(load.ToString());

        Assert.True(load.Failed == 0, $"touch reload failed requests: {load}");
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task WorkersReload_FifoW_ReplacesWorkersButNotTheMaster()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var fifo = Path.Combine(directory.Path, "master.fifo");
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2", "--master-fifo", fifo));
        var from = gantry.LineCount;

        await File.WriteAllTextAsync(fifo, "w");
        await gantry.WaitForOutputAsync("Respawned gantry worker 1 ", Wait, from);
        await gantry.WaitForOutputAsync("Respawned gantry worker 2 ", Wait, from);

        Assert.NotNull(await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait));
        Assert.DoesNotContain("binary reloading", gantry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    private static async Task WaitForAnswersFromAsync(LoadLoop load, IReadOnlyList<string> pids)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (pids.Any(pid => load.Pids.GetValueOrDefault(pid) == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        await load.WaitForSuccessesAsync(50, Wait);
    }
}
