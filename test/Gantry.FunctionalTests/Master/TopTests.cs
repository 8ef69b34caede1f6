using System.Diagnostics;
using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Mount;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// <c>gantry top</c> (issue 16 §2) in a real terminal: run under tmux, read with capture-pane, driven with send-keys,
/// against Gantry's stats server and against Debian's uWSGI's.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed partial class TopTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Top_ShowsEveryWorkerLive_SortsOnKeysAndQuits()
    {
        const int Requests = 10;
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2", "--stats", "127.0.0.1:0"));
        var line = await gantry.WaitForOutputAsync(@"Stats server enabled on 127\.0\.0\.1:\d+", Wait);
        var stats = StatsAddress().Match(line).Groups[1].Value;
        for (var i = 0; i < Requests; i++)
        {
            Assert.NotNull(await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait));
        }

        await using var top = await TmuxSession.StartAsync($"{RepoPaths.Binary} top --frequency 0.5 {stats}");
        var screen = await top.WaitForScreenAsync(text => text.Contains($"req: {Requests} "), Wait);
        foreach (var pid in MasterArguments.WorkerPids(gantry).Values)
        {
            Assert.Contains($" {pid} ", screen);
        }
        Assert.Contains("sorted by requests", screen);
        // The time as uwsgitop shows it (Python's time.ctime(): the day padded with a space).
        Assert.Matches(@"gantry top - \S+ - [A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\d \d\d:\d\d:\d\d \d{4} - req: ", screen);

        await top.SendKeysAsync("m");
        await top.WaitForScreenAsync(text => text.Contains("sorted by memory"), Wait);
        await top.SendKeysAsync("q");
        Assert.True(await top.WaitForExitAsync(Wait), "gantry top did not quit on q");
    }

    [Fact]
    public async Task Top_ReadsUwsgiStatsToo()
    {
        var statsPort = FreePort.Allocate();
        await using var uwsgi = await UwsgiReference.StartAsync(Path.GetDirectoryName(MasterArguments.App)!, "http-socket",
            ["--wsgi-file", MasterArguments.App, "--master", "--processes", "2", "--stats", $"127.0.0.1:{statsPort}"]);

        await using var top = await TmuxSession.StartAsync($"{RepoPaths.Binary} top 127.0.0.1:{statsPort}");
        var screen = await top.WaitForScreenAsync(text => text.Contains("2.0.21"), Wait);

        Assert.Matches(@"(?m)^\s+1\s+\S+\s+\d+\s", screen);
        Assert.Matches(@"(?m)^\s+2\s+\S+\s+\d+\s", screen);
    }

    [GeneratedRegex(@"Stats server enabled on (\S+) \*\*\*")]
    private static partial Regex StatsAddress();

    /// <summary>A detached tmux session running one command in a 150×30 terminal; killed on dispose.</summary>
    private sealed class TmuxSession : IAsyncDisposable
    {
        private readonly string _name = "gantry-top-" + Guid.NewGuid().ToString("N")[..8];

        public static async Task<TmuxSession> StartAsync(string command)
        {
            var session = new TmuxSession();
            await RunAsync("new-session", "-d", "-s", session._name, "-x", "150", "-y", "30", command);
            return session;
        }

        public Task SendKeysAsync(string keys) => RunAsync("send-keys", "-t", _name, keys);

        public async Task<string> WaitForScreenAsync(Func<string, bool> ready, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            var screen = "";
            while (DateTime.UtcNow < deadline)
            {
                screen = await RunAsync("capture-pane", "-p", "-t", _name);
                if (ready(screen))
                {
                    return screen;
                }
                await Task.Delay(100);
            }
            Assert.Fail($"the screen never showed what was expected within {timeout.TotalSeconds} s; it shows:\n{screen}");
            return screen;
        }

        public async Task<bool> WaitForExitAsync(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (!await HasSessionAsync())
                {
                    return true;
                }
                await Task.Delay(100);
            }
            return false;
        }

        public async ValueTask DisposeAsync()
        {
            if (await HasSessionAsync())
            {
                await RunAsync("kill-session", "-t", _name);
            }
        }

        private async Task<bool> HasSessionAsync()
        {
            using var tmux = Process.Start(new ProcessStartInfo("tmux", ["has-session", "-t", _name]) { RedirectStandardError = true })!;
            await tmux.WaitForExitAsync();
            return tmux.ExitCode == 0;
        }

        private static async Task<string> RunAsync(params string[] arguments)
        {
            using var tmux = Process.Start(new ProcessStartInfo("tmux", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = tmux.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Wait);
            await tmux.WaitForExitAsync(timeout.Token);
            Assert.True(tmux.ExitCode == 0, $"tmux {string.Join(' ', arguments)} failed: {await tmux.StandardError.ReadToEndAsync()}");
            return await output;
        }
    }
}
