using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gantry.FunctionalTests.Support;

/// <summary>Headless Chromium with one page, driven through the DevTools protocol; killed on dispose.</summary>
internal sealed partial class ChromiumBrowser : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly DirectoryInfo _profile;
    private int _nextId;

    private ChromiumBrowser(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <param name="extraArguments">More Chromium switches (a test CA's SPKI list, --disable-quic…).</param>
    public static async Task<ChromiumBrowser> StartAsync(params string[] extraArguments)
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: ./setup.sh installs Debian's chromium");
        var profile = Directory.CreateTempSubdirectory("gantry-chromium");
        var start = new ProcessStartInfo(ChromiumPath, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--window-size=1200,900", "--remote-debugging-port=0", "--user-data-dir=" + profile.FullName, .. extraArguments, "about:blank"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var browser = new ChromiumBrowser(Process.Start(start)!, profile);
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

    /// <summary>
    /// Starts one that trusts the server certificate in <paramref name="serverCertificatePem"/> by its SPKI hash (a test
    /// CA is not in the system store), speaks h2 over TCP only (no QUIC) and stays off the network otherwise.
    /// </summary>
    public static Task<ChromiumBrowser> StartTrustingAsync(string serverCertificatePem)
    {
        var pem = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        pem.ImportFromPemFile(serverCertificatePem);
        var spki = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(pem[0].PublicKey.ExportSubjectPublicKeyInfo()));
        return StartAsync("--ignore-certificate-errors-spki-list=" + spki, "--disable-quic",
            "--disable-background-networking", "--disable-component-update", "--disable-sync");
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
