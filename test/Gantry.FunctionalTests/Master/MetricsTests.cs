using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// Prometheus metrics and health probes (issue 16 §3, §6) on the Gantry-only --metrics address and on --stats-http,
/// scraped over HTTP and parsed by the official Python client's parser (Debian's python3-prometheus-client), with the
/// counters checked against what the test's own client did.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed partial class MetricsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    // Reads the exposition on stdin with prometheus_client's parser; prints [[name, labels, value], …] as JSON.
    private const string ParserScript = """
        import json, sys
        from prometheus_client.parser import text_string_to_metric_families
        samples = []
        for family in text_string_to_metric_families(sys.stdin.read()):
            for sample in family.samples:
                samples.append([sample.name, sample.labels, sample.value])
        print(json.dumps(samples))
        """;

    [Fact]
    public async Task Metrics_CountWhatTheClientDid_AndParseWithThePrometheusParser()
    {
        const int Requests = 12;
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2", "--metrics", "127.0.0.1:0"));
        for (var i = 0; i < Requests; i++)
        {
            Assert.NotNull(await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait));
        }
        using var client = new HttpClient { Timeout = Wait };
        var metricsBase = await MetricsBaseAsync(gantry);

        var response = await client.GetAsync(new Uri(metricsBase, "/metrics"));
        var samples = await ParseAsync(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Requests, Sum(samples, "gantry_requests_total", ("front", "http"), ("code", "2xx")));
        Assert.Equal(Requests, Sum(samples, "gantry_request_duration_seconds_count"));
        Assert.Equal(Requests, Sum(samples, "gantry_request_duration_seconds_bucket", ("le", "+Inf")));
        Assert.Equal(2, Sum(samples, "gantry_workers", ("state", "idle")));
        Assert.Equal(0, Sum(samples, "gantry_requests_in_flight"));
        Assert.Equal(0, Sum(samples, "gantry_worker_respawns_total"));
        Assert.Equal(100, Sum(samples, "gantry_listen_queue_max"));
        Assert.True(Sum(samples, "gantry_worker_resident_bytes") > 0);
        Assert.True(Sum(samples, "gantry_response_bytes_total") > Requests * 40, "the response bytes were not counted");
    }

    [Fact]
    public async Task HealthProbes_AnswerOnTheMetricsAddress()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--metrics", "127.0.0.1:0"));
        using var client = new HttpClient { Timeout = Wait };
        var metricsBase = await MetricsBaseAsync(gantry);

        var live = await client.GetAsync(new Uri(metricsBase, "/healthz"));
        var ready = await client.GetAsync(new Uri(metricsBase, "/readyz"));
        var unknown = await client.GetAsync(new Uri(metricsBase, "/stats"));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task StatsHttp_AlsoServesMetrics()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--stats", "127.0.0.1:0", "--stats-http"));
        var line = await gantry.WaitForOutputAsync(@"Stats server enabled on 127\.0\.0\.1:\d+", Wait);
        using var client = new HttpClient { Timeout = Wait };

        var metrics = await client.GetStringAsync($"http://{Address().Match(line).Groups[1].Value}/metrics");

        Assert.Contains("# TYPE gantry_requests_total counter", metrics);
        Assert.NotEmpty(await ParseAsync(metrics));
    }

    private static async Task<Uri> MetricsBaseAsync(GantryProcess gantry)
    {
        var line = await gantry.WaitForOutputAsync(@"Metrics server enabled on 127\.0\.0\.1:\d+", Wait);
        return new Uri($"http://{Address().Match(line).Groups[1].Value}");
    }

    private static double Sum(List<(string Name, Dictionary<string, string> Labels, double Value)> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(sample => sample.Name == name && labels.All(label => sample.Labels.GetValueOrDefault(label.Key) == label.Value)).Sum(sample => sample.Value);

    private static async Task<List<(string Name, Dictionary<string, string> Labels, double Value)>> ParseAsync(string exposition)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", ["-c", ParserScript])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var python = Process.Start(start)!;
        await python.StandardInput.WriteAsync(exposition);
        python.StandardInput.Close();
        var output = python.StandardOutput.ReadToEndAsync();
        var errors = python.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Wait);
        await python.WaitForExitAsync(timeout.Token);
        Assert.True(python.ExitCode == 0, $"prometheus_client could not parse the exposition: {await errors}");
        using var parsed = JsonDocument.Parse(await output);
        return [.. parsed.RootElement.EnumerateArray().Select(sample => (
            sample[0].GetString()!,
            sample[1].EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString()!),
            sample[2].GetDouble()))];
    }

    [GeneratedRegex(@"enabled on (\S+) \*\*\*")]
    private static partial Regex Address();
}
