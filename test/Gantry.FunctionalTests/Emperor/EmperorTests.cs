using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Master;
using Xunit.Abstractions;

namespace Gantry.FunctionalTests.Emperor;

/// <summary>
/// <c>gantry --emperor DIR</c> with real vassals (gantry masters and single processes serving a WSGI app): vassals
/// appearing, changing and going while clients keep requesting, respawn after SIGKILL, no vassal left when the emperor
/// is killed, the stats document, SIGHUP, vassals-inherit and tyrant mode.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class EmperorTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = EmperorRun.Wait;

    [Fact]
    public async Task Vassals_AppearChangeAndGoUnderLoad_UnaffectedVassalsFailNothingAndTheReloadedOneKeepsItsSocket()
    {
        Uri a = null!, b = null!;
        await using var emperor = EmperorRun.Start(run =>
        {
            a = run.WriteVassal("a.ini");
            b = run.WriteVassal("b.ini");
        });
        await emperor.WaitForAcceptingAsync("a.ini");
        await emperor.WaitForAcceptingAsync("b.ini");
        var loadA = LoadLoop.Start(a, clients: 2, keepAliveClients: 1);
        var loadB = LoadLoop.Start(b, clients: 2, keepAliveClients: 1);
        await loadA.WaitForSuccessesAsync(50, Wait);
        await loadB.WaitForSuccessesAsync(50, Wait);

        // Appears: a third vassal starts and serves.
        var from = emperor.Process.LineCount;
        var c = emperor.WriteVassal("c.ini", master: false);
        await emperor.WaitForAcceptingAsync("c.ini", from);
        using var http = new HttpClient { Timeout = Wait };
        Assert.Equal("hello", await http.GetStringAsync(c));

        // Changes: b is reloaded gracefully (its master re-executes, keeping its socket) while its clients keep going.
        from = emperor.Process.LineCount;
        var bPid = await emperor.VassalPidAsync("b.ini");
        File.SetLastWriteTimeUtc(Path.Combine(emperor.VassalDirectory, "b.ini"), DateTime.UtcNow.AddSeconds(5));
        await emperor.Process.WaitForOutputAsync("[emperor] reload the uwsgi instance b.ini", Wait, from);
        await emperor.Process.WaitForOutputAsync($"gracefully (RE)spawned gantry master process (pid: {bPid}), 1 socket(s) inherited", Wait, from);
        await emperor.WaitForAcceptingAsync("b.ini", from);
        await loadB.WaitForSuccessesAsync(50, Wait);

        // Goes: c is stopped and removed; its port closes.
        from = emperor.Process.LineCount;
        File.Delete(Path.Combine(emperor.VassalDirectory, "c.ini"));
        await emperor.Process.WaitForOutputAsync("[emperor] stop the uwsgi instance c.ini", Wait, from);
        await emperor.Process.WaitForOutputAsync("[emperor] removed uwsgi instance c.ini", Wait, from);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(c));

        await loadA.WaitForSuccessesAsync(50, Wait);
        await loadA.StopAsync();
        await loadB.StopAsync();
        output.WriteLine($"a: {loadA}\nb: {loadB}");
        Assert.True(loadA.Failed == 0, $"the unaffected vassal failed requests: {loadA}");
        Assert.True(loadB.Failed == 0, $"the reloaded vassal failed requests: {loadB}");
        Assert.Equal(bPid, await emperor.VassalPidAsync("b.ini"));
        Assert.Equal(0, await emperor.Process.StopAsync(Signum.SIGINT));
        Assert.Contains("The Emperor is buried.", emperor.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vassal_KilledWithSigkill_IsRespawnedAndServesAgain()
    {
        Uri a = null!;
        await using var emperor = EmperorRun.Start(run => a = run.WriteVassal("a.ini"));
        await emperor.WaitForAcceptingAsync("a.ini");
        var first = await emperor.WaitForVassalPidAsync("a.ini", _ => true);
        var from = emperor.Process.LineCount;

        Assert.Equal(0, Libc.Kill(first, (int)Signum.SIGKILL));

        await emperor.Process.WaitForOutputAsync($"[emperor] vassal a.ini (pid: {first}) ended, killed by signal 9", Wait, from);
        var second = await emperor.WaitForVassalPidAsync("a.ini", pid => pid != first);
        await emperor.WaitForAcceptingAsync("a.ini", from);
        using var http = new HttpClient { Timeout = Wait };
        Assert.Equal("hello", await http.GetStringAsync(a));
        Assert.NotEqual(first, second);
        Assert.Equal(0, await emperor.Process.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task Emperor_KilledWithSigkill_LeavesNoVassalOrWorkerRunning()
    {
        await using var emperor = await EmperorRun.StartTwoAcceptingAsync();
        var family = EmperorRun.Descendants(emperor.Process.Pid);
        Assert.True(family.Count >= 4, $"expected two vassals and a's two workers under the emperor, found {family.Count}");

        emperor.Process.Signal(Signum.SIGKILL);

        var deadline = DateTime.UtcNow + Wait;
        while (family.Any(MasterArguments.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.True(!family.Any(MasterArguments.IsAlive),
            $"still running after the emperor died: {string.Join(", ", family.Where(MasterArguments.IsAlive))}\n{emperor.Process.Output}");
        Assert.Contains("lost connection with my emperor !!!", emperor.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmperorStats_ListVassalsWithTheirPidsInUwsgiKeyOrder()
    {
        await using var emperor = await EmperorRun.StartTwoAcceptingAsync();
        var children = EmperorRun.Descendants(emperor.Process.Pid);

        using var stats = await emperor.StatsAsync();
        var root = stats.RootElement;
        Assert.Equal(UwsgiEmperorKeys.Top, root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(emperor.Process.Pid, root.GetProperty("pid").GetInt32());
        Assert.Equal([emperor.VassalDirectory], root.GetProperty("emperor").EnumerateArray().Select(e => e.GetString()));
        var vassals = root.GetProperty("vassals").EnumerateArray().ToList();
        Assert.Equal(["a.ini", "b.ini"], vassals.Select(v => v.GetProperty("id").GetString()).Order());
        foreach (var vassal in vassals)
        {
            Assert.Equal(UwsgiEmperorKeys.Vassal, vassal.EnumerateObject().Select(p => p.Name));
            Assert.Contains(vassal.GetProperty("pid").GetInt32(), children);
            Assert.Equal(1, vassal.GetProperty("ready").GetInt32());
            Assert.Equal(1, vassal.GetProperty("accepting").GetInt32());
            Assert.Equal(emperor.VassalDirectory, vassal.GetProperty("monitor").GetString());
        }
        Assert.Equal(0, await emperor.Process.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task Sighup_ReloadsEveryVassal_AndSigintStopsThemAll()
    {
        await using var emperor = EmperorRun.Start(run =>
        {
            run.WriteVassal("a.ini");
            run.WriteVassal("b.ini");
        });
        await emperor.WaitForAcceptingAsync("a.ini");
        await emperor.WaitForAcceptingAsync("b.ini");
        var vassalPids = new[] { await emperor.VassalPidAsync("a.ini"), await emperor.VassalPidAsync("b.ini") };
        var from = emperor.Process.LineCount;

        emperor.Process.Signal(Signum.SIGHUP);

        await emperor.Process.WaitForOutputAsync("[emperor] reload the uwsgi instance a.ini", Wait, from);
        await emperor.Process.WaitForOutputAsync("[emperor] reload the uwsgi instance b.ini", Wait, from);
        await emperor.WaitForAcceptingAsync("a.ini", from);
        await emperor.WaitForAcceptingAsync("b.ini", from);
        Assert.Equal(vassalPids, [await emperor.VassalPidAsync("a.ini"), await emperor.VassalPidAsync("b.ini")]);

        from = emperor.Process.LineCount;
        Assert.Equal(0, await emperor.Process.StopAsync(Signum.SIGINT));
        var after = string.Join('\n', emperor.Process.Lines.Skip(from).Select(l => l.Text));
        Assert.Contains("[emperor] *** RAGNAROK EVOKED ***", after, StringComparison.Ordinal);
        Assert.Contains("[emperor] removed uwsgi instance a.ini", after, StringComparison.Ordinal);
        Assert.Contains("[emperor] removed uwsgi instance b.ini", after, StringComparison.Ordinal);
        Assert.All(vassalPids, pid => Assert.False(MasterArguments.IsAlive(pid!.Value)));
    }

    [Fact]
    public async Task VassalsInherit_AddsTheTemplateToEveryVassal()
    {
        using var template = RepoPaths.CreateTemporaryDirectory("template");
        var port = FreePort.Allocate();
        // The vassal file names only its socket; the application comes from the inherited template.
        var inherited = template.WriteFile("base.ini", $"[uwsgi]\nwsgi-file = {MasterArguments.App}\nmaster = true\nprocesses = 1\n");
        await using var emperor = EmperorRun.Start(
            run => File.WriteAllText(Path.Combine(run.VassalDirectory, "bare.ini"), $"[uwsgi]\nhttp = 127.0.0.1:{port}\n"),
            "--vassals-inherit", inherited);
        await emperor.WaitForAcceptingAsync("bare.ini");

        using var http = new HttpClient { Timeout = Wait };
        Assert.Equal("hello", await http.GetStringAsync($"http://127.0.0.1:{port}/"));
        Assert.Contains("spawned gantry worker 1", emperor.Process.Output, StringComparison.Ordinal);
        Assert.Equal(0, await emperor.Process.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task Tyrant_RunsEachVassalAsItsFileOwner_AndRefusesRootOwnedFiles()
    {
        Assert.True(Environment.UserName == "root" || Libc.GetEuid() == 0, "tyrant mode needs the tests to run as root (they do in CI)");
        const int Nobody = 65534;
        Uri owned = null!;
        await using var emperor = EmperorRun.Start(run =>
        {
            owned = run.WriteVassal("owned.ini", master: false);
            Libc.Chown(Path.Combine(run.VassalDirectory, "owned.ini"), Nobody, Nobody);
            run.WriteVassal("rooted.ini", master: false);
        }, "--emperor-tyrant");
        await emperor.Process.WaitForOutputAsync("[emperor-tyrant] dropping privileges to 65534 65534 for instance owned.ini", Wait);
        await emperor.Process.WaitForOutputAsync("[emperor-tyrant] invalid permissions for vassal rooted.ini", Wait);
        await emperor.WaitForAcceptingAsync("owned.ini");

        var pid = await emperor.WaitForVassalPidAsync("owned.ini", _ => true);
        var uidLine = File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        Assert.Equal(["65534", "65534", "65534", "65534"], uidLine.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries).Skip(1));
        using var http = new HttpClient { Timeout = Wait };
        Assert.Equal("hello", await http.GetStringAsync(owned));
        Assert.Null(await emperor.VassalPidAsync("rooted.ini"));
        using (var stats = await emperor.StatsAsync())
        {
            Assert.Equal(1, stats.RootElement.GetProperty("emperor_tyrant").GetInt32());
            var vassal = stats.RootElement.GetProperty("vassals").EnumerateArray().Single();
            Assert.Equal(Nobody, vassal.GetProperty("uid").GetInt32());
            Assert.Equal(Nobody, vassal.GetProperty("gid").GetInt32());
        }
        Assert.Equal(0, await emperor.Process.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task SilentVassal_AfterItsHeartbeatsStop_IsKilledAndRespawned()
    {
        await using var emperor = EmperorRun.Start(run => run.WriteVassal("a.ini", extra: "heartbeat = 1\n"),
            "--emperor-required-heartbeat", "3");
        await emperor.WaitForAcceptingAsync("a.ini");
        var first = await emperor.WaitForVassalPidAsync("a.ini", _ => true);
        // A heartbeat has arrived once the stats show it; only then does the emperor watch for silence.
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline && !await HasHeartbeatAsync(emperor))
        {
            await Task.Delay(100);
        }
        var from = emperor.Process.LineCount;

        Assert.Equal(0, Libc.Kill(first, (int)Signum.SIGSTOP));

        await emperor.Process.WaitForOutputAsync("[emperor] vassal a.ini sent no heartbeat in last 3 seconds, brutally respawning it...", Wait, from);
        var second = await emperor.WaitForVassalPidAsync("a.ini", pid => pid != first);
        await emperor.WaitForAcceptingAsync("a.ini", from);
        Assert.NotEqual(first, second);
        Assert.Equal(0, await emperor.Process.StopAsync(Signum.SIGINT));
    }

    private static async Task<bool> HasHeartbeatAsync(EmperorRun emperor)
    {
        using var stats = await emperor.StatsAsync();
        return stats.RootElement.GetProperty("vassals").EnumerateArray().Any(v => v.GetProperty("last_heartbeat").GetInt64() > 0);
    }

    [Fact]
    public async Task ForeignFormats_AreIgnoredWithAReason()
    {
        await using var emperor = EmperorRun.Start(run =>
        {
            File.WriteAllText(Path.Combine(run.VassalDirectory, "app.yaml"), "uwsgi:\n  http: 127.0.0.1:1\n");
            run.WriteVassal("a.ini", master: false);
        });
        await emperor.WaitForAcceptingAsync("a.ini");
        await emperor.Process.WaitForOutputAsync("[emperor] app.yaml: Gantry reads ini vassals only", Wait);
        using var stats = await emperor.StatsAsync();
        Assert.Single(stats.RootElement.GetProperty("vassals").EnumerateArray());
        Assert.Equal(0, await emperor.Process.StopAsync(Signum.SIGINT));
    }
}

/// <summary>uWSGI 2.0.21's emperor stats keys in order (core/emperor.c emperor_send_stats; checked against Debian's uwsgi in <see cref="EmperorInteropTests"/>).</summary>
internal static class UwsgiEmperorKeys
{
    public static readonly string[] Top = ["version", "pid", "uid", "gid", "cwd", "emperor", "emperor_tyrant", "throttle_level", "vassals", "blacklist"];

    public static readonly string[] Vassal =
    [
        "id", "pid", "born", "last_mod", "last_heartbeat", "loyal", "ready", "accepting", "last_loyal", "last_ready",
        "last_accepting", "first_run", "last_run", "cursed", "zerg", "on_demand", "uid", "gid", "monitor", "respawns",
    ];

    public static IEnumerable<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name);
}
