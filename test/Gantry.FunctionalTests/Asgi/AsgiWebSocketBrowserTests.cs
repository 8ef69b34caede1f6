using System.Diagnostics;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Asgi;

/// <summary>A real browser (Debian's headless Chromium) opens a WebSocket from a page, negotiates permessage-deflate, sends, gets the echo and closes.</summary>
[Collection(GantryCollection.Name)]
public sealed class AsgiWebSocketBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HeadlessChromium_PageNegotiatesDeflateEchoesAndClosesNormally()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install the chromium package (setup.sh does)");
        using var records = RepoPaths.CreateTemporaryDirectory();
        using var profile = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--asgi", "asgi_websocket_browser:app"],
            workingDirectory: TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });
        var startInfo = new ProcessStartInfo(Chromium)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            // No --dump-dom or --virtual-time-budget: with those Chromium may leave the page (closing its WebSocket
            // with 1001) before the echo came back on a loaded machine. With a debugging port it keeps the page open in
            // real time until the test kills it.
            "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile.Path, "--remote-debugging-port=0",
            new Uri(gantry.HttpBase, "/page").ToString(),
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var browser = Process.Start(startInfo)!;
        try
        {
            // The page closes with "page done" only once the same text came back through the browser, compressed both ways.
            await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1000 page done permessage-deflate", Deadline);
        }
        finally
        {
            if (!browser.HasExited)
            {
                browser.Kill(entireProcessTree: true);
            }
            await browser.WaitForExitAsync();
        }
    }
}
