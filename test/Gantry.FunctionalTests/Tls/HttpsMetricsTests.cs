using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Master;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// HTTPS is its own front in the stats server and /metrics, as uWSGI names its sockets: curl's requests over HTTPS
/// (HTTP/1.1 and HTTP/2) count under <c>front="https"</c>, plain ones under <c>front="http"</c>, and the stats JSON
/// lists the HTTPS socket with <c>proto</c> "https".
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class HttpsMetricsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task HttpsRequests_CountedUnderTheHttpsFront_InMetricsAndStats()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", "--http2",
                "--master", "--processes", "1", "--stats", "127.0.0.1:0", "--stats-http", "--disable-logging",
                "--wsgi-file", Path.Combine(TestApps.Folder, "tls_app.py")], TestApps.Folder);
        var https = gantry.Addresses.First(address => address.Scheme == "https").Port;
        foreach (var version in (string[])["--http1.1", "--http1.1", "--http2"])
        {
            var result = await Curl.RunAsync(["-sS", "-k", version, "-o", "/dev/null", "-w", "%{http_code}", $"https://127.0.0.1:{https}/"]);
            Assert.True(result is { ExitCode: 0, StandardOutput: "200" }, $"curl {result.ExitCode} {result.StandardOutput}: {result.StandardError}");
        }
        for (var i = 0; i < 2; i++)
        {
            var result = await Curl.RunAsync(["-sS", "-o", "/dev/null", "-w", "%{http_code}", new Uri(gantry.HttpBase, "/").ToString()]);
            Assert.True(result is { ExitCode: 0, StandardOutput: "200" }, $"curl {result.ExitCode} {result.StandardOutput}: {result.StandardError}");
        }
        var stats = $"http://{await StatsServerTests.StatsEndPointAsync(gantry)}";
        using var http = new HttpClient { Timeout = Wait };

        // The worker counts a response right after it handed the last byte over: poll, bounded, until both fronts are in.
        string metrics;
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            metrics = await http.GetStringAsync($"{stats}/metrics");
            if ((metrics.Contains("front=\"https\",code=\"2xx\"} 3\n", StringComparison.Ordinal)
                    && metrics.Contains("front=\"http\",code=\"2xx\"} 2\n", StringComparison.Ordinal))
                || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(100);
        }
        using var document = JsonDocument.Parse(await http.GetStringAsync($"{stats}/"));

        Assert.Contains("gantry_requests_total{worker=\"1\",front=\"https\",code=\"2xx\"} 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains("gantry_requests_total{worker=\"1\",front=\"http\",code=\"2xx\"} 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"proto=\"https\"", metrics, StringComparison.Ordinal);
        var protocols = document.RootElement.GetProperty("sockets").EnumerateArray()
            .Select(socket => socket.GetProperty("proto").GetString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal("http https", string.Join(" ", protocols));
        Assert.Equal(5, document.RootElement.GetProperty("workers")[0].GetProperty("requests").GetInt64());
        Assert.Equal(0, await gantry.StopAsync());
    }
}
