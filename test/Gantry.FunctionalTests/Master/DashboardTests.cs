using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// The live dashboard (issue 16 §4) in Debian's headless Chromium, under traffic, driven over the DevTools protocol:
/// the page follows the server-sent event stream and keeps updating (its update counter grows, every worker's pid is
/// in its table), and a screenshot is kept in artifacts/dashboard.png.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed partial class DashboardTests
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Dashboard_UnderTraffic_UpdatesLiveInABrowser()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: ./setup.sh installs Debian's chromium");
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2", "--metrics", "127.0.0.1:0"));
        var line = await gantry.WaitForOutputAsync(@"Metrics server enabled on 127\.0\.0\.1:\d+", Wait);
        var page = $"http://{Address().Match(line).Groups[1].Value}/dashboard";
        var load = LoadLoop.Start(gantry.HttpBase, clients: 2);
        try
        {
            await load.WaitForSuccessesAsync(20, Wait);
            await using var browser = await Browser.StartAsync();

            await browser.CallAsync("Page.navigate", $"{{\"url\":{Browser.Quote(page)}}}");
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

    /// <summary>Headless Chromium with one page, driven through the DevTools protocol; killed on dispose.</summary>
    private sealed partial class Browser : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ClientWebSocket _socket = new();
        private readonly DirectoryInfo _profile;
        private int _nextId;

        private Browser(Process process, DirectoryInfo profile)
        {
            _process = process;
            _profile = profile;
        }

        public static async Task<Browser> StartAsync()
        {
            var profile = Directory.CreateTempSubdirectory("gantry-chromium");
            var start = new ProcessStartInfo(ChromiumPath, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--window-size=1200,900", "--remote-debugging-port=0", "--user-data-dir=" + profile.FullName, "about:blank"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            var browser = new Browser(Process.Start(start)!, profile);
            using var timeout = new CancellationTokenSource(Wait);
            string? endpoint = null;
            while (endpoint is null && await browser._process.StandardError.ReadLineAsync(timeout.Token) is { } line)
            {
                endpoint = DevTools().Match(line) is { Success: true } match ? match.Groups[1].Value : null;
            }
            Assert.True(endpoint is not null, "chromium never printed its DevTools address");
            using var http = new HttpClient { Timeout = Wait };
            using var targets = JsonDocument.Parse(await http.GetStringAsync($"http://{endpoint}/json/list"));
            var pageTarget = targets.RootElement.EnumerateArray().First(target => target.GetProperty("type").GetString() == "page");
            await browser._socket.ConnectAsync(new Uri(pageTarget.GetProperty("webSocketDebuggerUrl").GetString()!), timeout.Token);
            return browser;
        }

        /// <summary>A JSON string literal of <paramref name="text"/>.</summary>
        public static string Quote(string text) => "\"" + JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";

        /// <summary>Calls a DevTools method with <paramref name="parameters"/> (a JSON object) and returns its result (events meanwhile are skipped).</summary>
        public async Task<JsonElement> CallAsync(string method, string parameters)
        {
            var id = ++_nextId;
            var request = Encoding.UTF8.GetBytes($"{{\"id\":{id},\"method\":{Quote(method)},\"params\":{parameters}}}");
            using var timeout = new CancellationTokenSource(Wait);
            await _socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            while (true)
            {
                using var message = JsonDocument.Parse(await ReceiveAsync(timeout.Token));
                if (message.RootElement.TryGetProperty("id", out var replyId) && replyId.GetInt32() == id)
                {
                    Assert.False(message.RootElement.TryGetProperty("error", out var error), $"{method} failed: {error}");
                    return message.RootElement.GetProperty("result").Clone();
                }
            }
        }

        /// <summary>Evaluates <paramref name="expression"/> in the page until its string value satisfies <paramref name="ready"/>.</summary>
        public async Task<string> WaitForAsync(string expression, Func<string, bool> ready, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            var value = "";
            while (DateTime.UtcNow < deadline)
            {
                var result = await CallAsync("Runtime.evaluate", $"{{\"expression\":{Quote(expression)},\"returnByValue\":true}}");
                value = result.GetProperty("result").TryGetProperty("value", out var text) ? text.GetString() ?? "" : "";
                if (ready(value))
                {
                    return value;
                }
                await Task.Delay(250);
            }
            Assert.Fail($"the page never got there within {timeout.TotalSeconds} s; it shows: {value}");
            return value;
        }

        public ValueTask DisposeAsync()
        {
            _socket.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            _process.Dispose();
            try
            {
                _profile.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
            return ValueTask.CompletedTask;
        }

        private async Task<byte[]> ReceiveAsync(CancellationToken cancellationToken)
        {
            using var message = new MemoryStream();
            var buffer = new byte[64 * 1024];
            WebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer, cancellationToken);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            return message.ToArray();
        }

        [GeneratedRegex(@"DevTools listening on ws://([^/]+)/")]
        private static partial Regex DevTools();
    }
}
