using System.Diagnostics;
using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// The live dashboard (issue 16 §4) in Debian's headless Chromium, under traffic: the page follows the server-sent
/// event stream and keeps updating; the DOM Chromium dumps after a few seconds shows several updates and every worker,
/// and a screenshot is kept in artifacts/dashboard.png.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed partial class DashboardTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dashboard_UnderTraffic_UpdatesLiveInABrowser()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: ./setup.sh installs Debian's chromium");
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2", "--metrics", "127.0.0.1:0"));
        var line = await gantry.WaitForOutputAsync(@"Metrics server enabled on 127\.0\.0\.1:\d+", Wait);
        var page = $"http://{Address().Match(line).Groups[1].Value}/dashboard";
        var load = LoadLoop.Start(gantry.HttpBase, clients: 2);
        try
        {
            await load.WaitForSuccessesAsync(20, Wait);

            var dom = await RunChromiumAsync(["--dump-dom", page]);
            var updates = int.Parse(Updates().Match(dom).Groups[1].Value);
            Assert.True(updates >= 2, $"the page saw {updates} update(s) in the time Chromium gave it");
            Assert.Contains("live", dom);
            foreach (var pid in MasterArguments.WorkerPids(gantry).Values)
            {
                Assert.Contains($"<td>{pid}</td>", dom);
            }

            var screenshot = Path.Combine(RepoPaths.Root, "artifacts", "dashboard.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            File.Delete(screenshot);
            await RunChromiumAsync([$"--screenshot={screenshot}", "--window-size=1200,900", page]);
            Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is empty");
        }
        finally
        {
            await load.StopAsync();
        }
    }

    /// <summary>Headless Chromium on <paramref name="arguments"/>, given 4 s of page time; returns what it printed.</summary>
    private static async Task<string> RunChromiumAsync(string[] arguments)
    {
        var start = new ProcessStartInfo(Chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--user-data-dir=" + Directory.CreateTempSubdirectory("gantry-chromium").FullName, "--timeout=4000", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var chromium = Process.Start(start)!;
        var output = chromium.StandardOutput.ReadToEndAsync();
        var errors = chromium.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Wait);
        try
        {
            await chromium.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            chromium.Kill(entireProcessTree: true);
            Assert.Fail($"chromium did not finish within {Wait.TotalSeconds} s: {await errors}");
        }
        return await output;
    }

    [GeneratedRegex(@"enabled on (\S+) \*\*\*")]
    private static partial Regex Address();

    [GeneratedRegex(@"id=""updates"">(\d+)<")]
    private static partial Regex Updates();
}
