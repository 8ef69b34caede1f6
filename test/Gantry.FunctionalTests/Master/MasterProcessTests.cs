using System.Diagnostics;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Master;

[Collection(GantryCollection.Name)]
public sealed class MasterProcessTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Master_TwoProcesses_ConcurrentRequestsAnsweredByBothWorkers()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2"));

        // Concurrent slow requests: a worker busy in the app is not waiting in epoll, so the kernel wakes the other.
        var answers = new List<string?>();
        for (var round = 0; round < 5 && answers.Distinct().Count() < 2; round++)
        {
            answers.AddRange(await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => OneShotClient.GetAsync(gantry.HttpBase, "/sleep/0.3", Wait))));
        }

        var workers = MasterArguments.WorkerPids(gantry);
        Assert.Equal(2, workers.Count);
        Assert.All(answers, Assert.NotNull);
        Assert.Equal(workers.Values.Order().Select(p => p.ToString()), answers.Distinct().Order().Select(a => a!));
        Assert.DoesNotContain(gantry.Pid.ToString(), answers);
        Assert.Equal(gantry.Pid, gantry.Readiness!.Pid);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task KillOneWorker_UnderLoad_RespawnedAndTheOtherKeepsServing()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2"));
        var load = LoadLoop.Start(gantry.HttpBase, clients: 2);
        await load.WaitForSuccessesAsync(50, Wait);
        var victim = MasterArguments.WorkerPids(gantry)[1];
        var survivor = MasterArguments.WorkerPids(gantry)[2].ToString();
        var survivorBefore = load.Pids.GetValueOrDefault(survivor);
        var from = gantry.LineCount;

        var killed = Stopwatch.StartNew();
        Assert.Equal(0, Libc.Kill(victim, (int)Signum.SIGKILL));
        await gantry.WaitForOutputAsync($"DAMN ! worker 1 (pid: {victim}) died, killed by signal 9", Wait, from);
        await gantry.WaitForOutputAsync("Respawned gantry worker 1 (new pid: ", Wait, from);
        var replacement = MasterArguments.WorkerPids(gantry)[1].ToString();
        while (load.Pids.GetValueOrDefault(replacement) == 0 && killed.Elapsed < Wait)
        {
            await Task.Delay(10);
        }
        var servingAgain = killed.Elapsed;
        await load.WaitForSuccessesAsync(50, Wait);
        await load.StopAsync();
        output.WriteLine($"the replacement answered {servingAgain.TotalMilliseconds:0} ms after kill -9; load: {load}");

        Assert.True(load.Pids.GetValueOrDefault(replacement) > 0, $"the new worker never answered: {load}");
        Assert.True(load.Pids[survivor] > survivorBefore, $"the other worker stopped answering: {load}");
        // Only requests the killed worker had already accepted can fail: at most one per client.
        Assert.True(load.Failed <= 2, $"too many failures: {load}");
        Assert.True(servingAgain < TimeSpan.FromSeconds(5), $"the replacement served after {servingAgain.TotalMilliseconds:0} ms");
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task Sigint_Master_StopsEveryWorkerAndExitsZero()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2", "--threads", "2"));
        var workers = MasterArguments.WorkerPids(gantry).Values.ToList();

        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));

        Assert.All(workers, pid => Assert.False(MasterArguments.IsAlive(pid), $"worker {pid} survived"));
        Assert.Contains("goodbye to gantry.", gantry.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigkill_Master_WorkersExitAtOnce()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2"));
        var workers = MasterArguments.WorkerPids(gantry).Values.ToList();

        gantry.Signal(Signum.SIGKILL);
        var watch = Stopwatch.StartNew();
        while (workers.Any(MasterArguments.IsAlive) && watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }

        // Documented bound: a worker reads its lifeline pipe's EOF and calls _exit at once (well under a second).
        Assert.All(workers, pid => Assert.False(MasterArguments.IsAlive(pid), $"worker {pid} still alive after {watch.ElapsedMilliseconds} ms"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"workers took {watch.ElapsedMilliseconds} ms to exit");
    }

    [Fact]
    public async Task SeedIni_MasterFourProcessesTwoThreadsHarakiri_ServesAndStopsOnSigquit()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var ini = Path.Combine(directory.Path, "seed.ini");
        await File.WriteAllTextAsync(ini, $"""
            [uwsgi]
            http-socket = 127.0.0.1:0
            wsgi-file = {MasterArguments.App}
            master = true
            processes = 4
            threads = 2
            harakiri = 30
            vacuum = true
            pidfile = {directory.Path}/seed.pid
            """);

        await using var gantry = await GantryProcess.StartReadyAsync([ini]);
        var answer = await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait);

        Assert.NotNull(answer);
        Assert.Equal(4, MasterArguments.WorkerPids(gantry).Count);
        Assert.Contains("spawned gantry worker 4 (pid ", gantry.Output, StringComparison.Ordinal);
        Assert.Contains(", cores: 2)", gantry.Output, StringComparison.Ordinal);
        Assert.Equal(gantry.Pid.ToString(), (await File.ReadAllTextAsync(Path.Combine(directory.Path, "seed.pid"))).Trim());
        // supervisord's stopsignal=QUIT: uWSGI 2.0 shuts down on SIGQUIT.
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGQUIT));
        Assert.False(File.Exists(Path.Combine(directory.Path, "seed.pid")));
    }

    [Fact]
    public async Task BrokenApp_WithMaster_ExitsWith22InsteadOfRespawning()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var app = Path.Combine(directory.Path, "broken.py");
        await File.WriteAllTextAsync(app, "raise RuntimeError('boom at import')\n");

        var gantry = GantryProcess.Start(["--http", "127.0.0.1:0", "--master", "--processes", "2", "--wsgi-file", app]);
        await using var _ = gantry;

        Assert.Equal(22, await gantry.WaitForExitAsync(Wait));
        Assert.Contains("failed during start-up (exit code 22): giving up", gantry.Output, StringComparison.Ordinal);
    }
}
