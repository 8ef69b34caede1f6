using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Master;

namespace Gantry.FunctionalTests.Emperor;

/// <summary>
/// Debian's uWSGI 2.0.21 and gantry on either side of the emperor protocol: uWSGI's emperor governs a gantry vassal
/// (<c>emperor-wrapper</c> = gantry), gantry's emperor governs a uWSGI vassal (<c>emperor-wrapper = uwsgi</c>), and both
/// emperors' stats documents have the same keys in the same order.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class EmperorInteropTests
{
    private const string Uwsgi = "/usr/bin/uwsgi";
    private static readonly TimeSpan Wait = EmperorRun.Wait;

    [Fact]
    public async Task UwsgiEmperor_GovernsAGantryVassal_ReloadStopAndStatsKeysAsGantrysEmperor()
    {
        Assert.True(File.Exists(Uwsgi), $"{Uwsgi} is missing: apt-get install uwsgi-core uwsgi-plugin-python3");
        using var directory = RepoPaths.CreateTemporaryDirectory("uwsgi-emperor");
        Directory.CreateDirectory(directory.Combine("vassals"));
        var port = FreePort.Allocate();
        File.WriteAllText(directory.Combine("vassals", "g.ini"),
            $"[uwsgi]\nhttp = 127.0.0.1:{port}\nwsgi-file = {MasterArguments.App}\nmaster = true\nprocesses = 1\ndisable-logging = true\n");
        var statsPort = FreePort.Allocate();
        await using var uwsgi = GantryProcess.Start(Uwsgi,
            ["--emperor", directory.Combine("vassals"), "--emperor-wrapper", RepoPaths.Binary, "--emperor-freq", "1",
             "--emperor-stats", $"127.0.0.1:{statsPort}"],
            directory.Path, null);
        await uwsgi.WaitForOutputAsync("[emperor] vassal g.ini is ready to accept requests", Wait);
        using var http = new HttpClient { Timeout = Wait };
        Assert.Equal("hello", await http.GetStringAsync($"http://127.0.0.1:{port}/"));
        await uwsgi.WaitForOutputAsync("[emperor] vassal g.ini is now loyal", Wait);

        var from = uwsgi.LineCount;
        File.SetLastWriteTimeUtc(directory.Combine("vassals", "g.ini"), DateTime.UtcNow.AddSeconds(5));
        await uwsgi.WaitForOutputAsync("received message 1 from emperor", Wait, from);
        await uwsgi.WaitForOutputAsync("gracefully (RE)spawned gantry master process", Wait, from);
        await uwsgi.WaitForOutputAsync("[emperor] vassal g.ini is ready to accept requests", Wait, from);
        Assert.Equal("hello", await http.GetStringAsync($"http://127.0.0.1:{port}/"));

        using (var stats = await EmperorRun.ReadStatsAsync(statsPort))
        {
            Assert.Equal(UwsgiEmperorKeys.Top, UwsgiEmperorKeys.Names(stats.RootElement));
            Assert.Equal(UwsgiEmperorKeys.Vassal, UwsgiEmperorKeys.Names(stats.RootElement.GetProperty("vassals")[0]));
        }

        from = uwsgi.LineCount;
        File.Delete(directory.Combine("vassals", "g.ini"));
        await uwsgi.WaitForOutputAsync("received message 0 from emperor", Wait, from);
        await uwsgi.WaitForOutputAsync("[emperor] removed uwsgi instance g.ini", Wait, from);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync($"http://127.0.0.1:{port}/"));
        Assert.Equal(0, await uwsgi.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task GantryEmperor_GovernsAUwsgiVassal_ReloadAndStop()
    {
        Assert.True(File.Exists(Uwsgi), $"{Uwsgi} is missing: apt-get install uwsgi-core uwsgi-plugin-python3");
        var port = FreePort.Allocate();
        await using var emperor = EmperorRun.Start(run => File.WriteAllText(Path.Combine(run.VassalDirectory, "u.ini"),
            $"[uwsgi]\nplugins = python3\nhttp-socket = 127.0.0.1:{port}\nwsgi-file = {run.Directory.Combine("app.py")}\nmaster = true\nprocesses = 1\n"),
            "--emperor-wrapper", Uwsgi);
        await emperor.WaitForAcceptingAsync("u.ini");
        using var http = new HttpClient { Timeout = Wait };
        Assert.Equal("hello", await http.GetStringAsync($"http://127.0.0.1:{port}/"));
        await emperor.Process.WaitForOutputAsync("[emperor] vassal u.ini is now loyal", Wait);
        var pid = await emperor.VassalPidAsync("u.ini");

        var from = emperor.Process.LineCount;
        File.SetLastWriteTimeUtc(Path.Combine(emperor.VassalDirectory, "u.ini"), DateTime.UtcNow.AddSeconds(5));
        await emperor.Process.WaitForOutputAsync("received message 1 from emperor", Wait, from);
        await emperor.Process.WaitForOutputAsync("binary reloading uWSGI...", Wait, from);
        await emperor.WaitForAcceptingAsync("u.ini", from);
        Assert.Equal("hello", await http.GetStringAsync($"http://127.0.0.1:{port}/"));
        Assert.Equal(pid, await emperor.VassalPidAsync("u.ini"));

        from = emperor.Process.LineCount;
        Assert.Equal(0, await emperor.Process.StopAsync(Signum.SIGINT));
        var after = string.Join('\n', emperor.Process.Lines.Skip(from).Select(l => l.Text));
        Assert.Contains("received message 0 from emperor", after, StringComparison.Ordinal);
        Assert.Contains("goodbye to uWSGI.", after, StringComparison.Ordinal);
        Assert.False(MasterArguments.IsAlive(pid!.Value));
    }
}
