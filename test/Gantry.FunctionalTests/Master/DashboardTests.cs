using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// The live dashboard (issue 16 §4) in Debian's headless Chromium, under traffic, driven over the DevTools protocol:
/// the page follows the server-sent event stream and keeps updating (its update counter grows, every worker's pid is
/// in its table), and a screenshot is kept in artifacts/dashboard.png.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed partial class DashboardTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Dashboard_UnderTraffic_UpdatesLiveInABrowser()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2", "--metrics", "127.0.0.1:0"));
        var line = await gantry.WaitForOutputAsync(@"Metrics server enabled on 127\.0\.0\.1:\d+", Wait);
        var page = $"http://{Address().Match(line).Groups[1].Value}/dashboard";
        var load = LoadLoop.Start(gantry.HttpBase, clients: 2);
        try
        {
            await load.WaitForSuccessesAsync(20, Wait);
            await using var browser = await ChromiumBrowser.StartAsync();

            await browser.CallAsync("Page.navigate", $"{{\"url\":{ChromiumBrowser.Quote(page)}}}");
            var text = await browser.WaitForAsync(
                "document.getElementById('updates').textContent + '|' + document.getElementById('state').textContent + '|' + document.body.innerText",
                value => int.TryParse(value.Split('|')[0], out var updates) && updates >= 3, Wait);

            Assert.Equal("live", text.Split('|')[1]);
            foreach (var pid in MasterArguments.WorkerPids(gantry).Values)
            {
                Assert.Contains(pid.ToString(), text);
            }
            var screenshot = await browser.CallAsync("Page.captureScreenshot", "{\"format\":\"png\"}");
            var path = Path.Combine(RepoPaths.Root, "artifacts", "dashboard.png");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, Convert.FromBase64String(screenshot.GetProperty("data").GetString()!));
            Assert.True(new FileInfo(path).Length > 10_000, "the screenshot is empty");
        }
        finally
        {
            await load.StopAsync();
        }
    }

    [GeneratedRegex(@"enabled on (\S+) \*\*\*")]
    private static partial Regex Address();
}
