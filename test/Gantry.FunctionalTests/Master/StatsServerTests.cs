using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Mount;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// The stats server (--stats, issue 16 §1) as uwsgitop and uwsgi_exporter read it: one JSON document per connection,
/// uWSGI 2.0.21's keys in its order (compared with Debian's uWSGI side by side), values from the scoreboard that match
/// what the clients did, --stats-http, unix and abstract addresses, and a silent stats client that holds up nobody.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed partial class StatsServerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Document_HasUwsgiKeysInUwsgiOrder()
    {
        var uwsgiStats = FreePort.Allocate();
        await using var uwsgi = await UwsgiReference.StartAsync(Path.GetDirectoryName(MasterArguments.App)!, "http-socket",
            ["--wsgi-file", MasterArguments.App, "--master", "--processes", "2", "--stats", $"127.0.0.1:{uwsgiStats}"]);
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--master", "--wsgi-file", MasterArguments.App, "--processes", "2", "--stats", "127.0.0.1:0"]);
        await OneShotClient.GetAsync(new Uri($"http://127.0.0.1:{uwsgi.Port}"), "/hello", Wait);
        await OneShotClient.GetAsync(gantry.HttpBase, "/hello", Wait);

        using var theirs = JsonDocument.Parse(await ReadStatsAsync(new IPEndPoint(IPAddress.Loopback, uwsgiStats)));
        using var ours = JsonDocument.Parse(await ReadStatsAsync(await StatsEndPointAsync(gantry)));

        Assert.Equal(Keys(theirs.RootElement), Keys(ours.RootElement));
        Assert.Equal(Keys(theirs.RootElement.GetProperty("sockets")[0]), Keys(ours.RootElement.GetProperty("sockets")[0]));
        var theirWorker = theirs.RootElement.GetProperty("workers")[0];
        var ourWorker = ours.RootElement.GetProperty("workers")[0];
        Assert.Equal(Keys(theirWorker), Keys(ourWorker));
        Assert.Equal(Keys(theirWorker.GetProperty("apps")[0]), Keys(ourWorker.GetProperty("apps")[0]));
        Assert.Equal(Keys(theirWorker.GetProperty("cores")[0]), Keys(ourWorker.GetProperty("cores")[0]));
        Assert.Equal(Locks(theirs.RootElement), Locks(ours.RootElement));
        // The same response counted the same way: tx is the status line, the application's headers, the blank line
        // and the body (uWSGI's 2.0.21 figure for this app and path, side by side).
        Assert.Equal(Tx(theirs.RootElement), Tx(ours.RootElement));
        // And the default request line counts the head as uWSGI does ("2 headers in 64 bytes").
        var ourLine = await gantry.WaitForOutputAsync("GET /hello =>", Wait);
        Assert.Equal(Generated(uwsgi.Output), Generated(ourLine));
        // Every number an integer, as exporters decode them.
        Assert.All(Numbers(ours.RootElement), number => Assert.True(number.TryGetInt64(out _), $"{number} is not an integer"));
    }

    [Fact]
    public async Task Document_CountsWhatTheClientsDid()
    {
        const int Requests = 20;
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "2", "--stats", "127.0.0.1:0"));
        for (var i = 0; i < Requests; i++)
        {
            Assert.NotNull(await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait));
        }

        using var stats = JsonDocument.Parse(await ReadStatsAsync(await StatsEndPointAsync(gantry)));
        var root = stats.RootElement;
        var workers = root.GetProperty("workers").EnumerateArray().ToList();

        Assert.Equal(gantry.Pid, root.GetProperty("pid").GetInt32());
        Assert.Equal(MasterArguments.WorkerPids(gantry).OrderBy(pair => pair.Key).Select(pair => pair.Value),
            workers.Select(worker => worker.GetProperty("pid").GetInt32()));
        Assert.Equal(Requests, workers.Sum(worker => worker.GetProperty("requests").GetInt64()));
        Assert.Equal(Requests, workers.Sum(worker => worker.GetProperty("cores").EnumerateArray().Sum(core => core.GetProperty("requests").GetInt64())));
        Assert.All(workers, worker =>
        {
            Assert.Equal("idle", worker.GetProperty("status").GetString());
            Assert.Equal(1, worker.GetProperty("accepting").GetInt32());
            Assert.Equal(1, worker.GetProperty("respawn_count").GetInt32());
            Assert.True(worker.GetProperty("rss").GetInt64() > 0, "rss is 0");
            Assert.InRange(worker.GetProperty("last_spawn").GetInt64(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 300, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        });
        Assert.True(workers.Sum(worker => worker.GetProperty("running_time").GetInt64()) > 0, "no response time was added up");
        var socket = root.GetProperty("sockets")[0];
        Assert.Equal(("http", 100), (socket.GetProperty("proto").GetString(), socket.GetProperty("max_queue").GetInt32()));
        Assert.Equal(gantry.HttpBase.Port, int.Parse(socket.GetProperty("name").GetString()!.Split(':')[^1]));
    }

    [Fact]
    public async Task ApplicationExceptions_CountedInTheDocumentAndTheMetrics()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--stats", "127.0.0.1:0", "--stats-http"));
        Assert.Null(await OneShotClient.GetAsync(gantry.HttpBase, "/raise", Wait));
        Assert.Null(await OneShotClient.GetAsync(gantry.HttpBase, "/raise", Wait));
        Assert.NotNull(await OneShotClient.GetAsync(gantry.HttpBase, "/pid", Wait));
        var endPoint = await StatsEndPointAsync(gantry);

        using var http = new HttpClient { Timeout = Wait };
        using var stats = JsonDocument.Parse(await http.GetStringAsync($"http://{endPoint}/"));
        var metrics = await http.GetStringAsync($"http://{endPoint}/metrics");

        var worker = stats.RootElement.GetProperty("workers")[0];
        Assert.Equal(3, worker.GetProperty("requests").GetInt64());
        Assert.Equal(2, worker.GetProperty("exceptions").GetInt64());
        Assert.Equal(2, worker.GetProperty("apps")[0].GetProperty("exceptions").GetInt64());
        Assert.Contains("gantry_application_exceptions_total{worker=\"1\"} 2\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PythonGarbageCollections_CountedInTheMetrics()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--stats", "127.0.0.1:0", "--stats-http"));
        var freed = await OneShotClient.GetAsync(gantry.HttpBase, "/gc", Wait);
        var endPoint = await StatsEndPointAsync(gantry);

        using var http = new HttpClient { Timeout = Wait };
        var metrics = await http.GetStringAsync($"http://{endPoint}/metrics");

        Assert.True(long.Parse(freed!, System.Globalization.CultureInfo.InvariantCulture) >= 1000, $"gc.collect() freed {freed}");
        var collections = MetricValue(metrics, "gantry_python_gc_collections_total{worker=\"1\",generation=\"2\"}");
        var collected = MetricValue(metrics, "gantry_python_gc_collected_total{worker=\"1\",generation=\"2\"}");
        Assert.True(collections >= 1, $"no generation-2 collection counted:\n{metrics}");
        Assert.True(collected >= 1000, $"{collected} objects counted as freed by generation 2, the app freed {freed}:\n{metrics}");
    }

    private static long MetricValue(string metrics, string series) =>
        long.Parse(metrics.Split('\n').Single(line => line.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..],
            System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Document_RequestInFlight_ShowsTheWorkerBusyWithIt()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--stats", "127.0.0.1:0"));
        var slow = OneShotClient.GetAsync(gantry.HttpBase, "/sleep/3", Wait);

        var core = await WaitUntilBusyAsync(gantry);

        Assert.Equal(JsonValueKind.Object, core.ValueKind);
        Assert.Equal(1, core.GetProperty("in_request").GetInt32());
        Assert.Contains("REQUEST_URI=/sleep/3", core.GetProperty("vars").EnumerateArray().Select(value => value.GetString()));
        Assert.True(core.GetProperty("req_info").GetProperty("request_start").GetInt64() > 0);
        Assert.NotNull(await slow);
    }

    [Fact]
    public async Task StatsHttp_AnswersWithAnHttpResponse()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--stats", "127.0.0.1:0", "--stats-http"));
        using var client = new HttpClient { Timeout = Wait };

        var response = await client.GetAsync($"http://{await StatsEndPointAsync(gantry)}/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Version(1, 0), response.Version);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var stats = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Single(stats.RootElement.GetProperty("workers").EnumerateArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UnixAndAbstractAddresses_Served(bool isAbstract)
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        var address = isAbstract ? $"@gantry-stats-{Guid.NewGuid():N}" : folder.Combine("stats.sock");
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--stats", address));
        await gantry.WaitForOutputAsync("Stats server enabled on " + Regex.Escape(address), Wait);

        var endPoint = new UnixDomainSocketEndPoint(isAbstract ? "\0" + address[1..] : address);
        using var stats = JsonDocument.Parse(await ReadStatsAsync(endPoint));

        Assert.Equal(gantry.Pid, stats.RootElement.GetProperty("pid").GetInt32());
    }

    [Fact]
    public async Task SilentStatsClient_HoldsUpNoOtherAndIsClosedAfterSocketTimeout()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
            MasterArguments.With("--stats", "127.0.0.1:0", "--stats-http", "--socket-timeout", "2"));
        var endPoint = await StatsEndPointAsync(gantry);
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(endPoint);

        using var client = new HttpClient { Timeout = Wait };
        var response = await client.GetStringAsync($"http://{endPoint}/");
        Assert.Contains("\"workers\"", response);

        using var timeout = new CancellationTokenSource(Wait);
        var buffer = new byte[16];
        Assert.Equal(0, await silent.ReceiveAsync(buffer, SocketFlags.None, timeout.Token));
    }

    /// <summary>Polls the stats server until the first worker is busy; returns its first core (undefined if it never was).</summary>
    internal static async Task<JsonElement> WaitUntilBusyAsync(GantryProcess gantry)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            using var stats = JsonDocument.Parse(await ReadStatsAsync(await StatsEndPointAsync(gantry)));
            var worker = stats.RootElement.GetProperty("workers")[0];
            if (worker.GetProperty("status").GetString() == "busy")
            {
                return worker.GetProperty("cores")[0].Clone();
            }
            await Task.Delay(50);
        }
        return default;
    }

    /// <summary>The stats address from the master's "Stats server enabled on HOST:PORT" line.</summary>
    internal static async Task<IPEndPoint> StatsEndPointAsync(GantryProcess gantry)
    {
        var line = await gantry.WaitForOutputAsync(@"Stats server enabled on 127\.0\.0\.1:\d+", Wait);
        return IPEndPoint.Parse(StatsAddress().Match(line).Groups[1].Value);
    }

    internal static async Task<string> ReadStatsAsync(EndPoint endPoint)
    {
        using var socket = endPoint is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(endPoint, timeout.Token);
        using var document = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            document.Write(buffer, 0, read);
        }
        return Encoding.UTF8.GetString(document.ToArray());
    }

    private static List<(string, long)> Locks(JsonElement root) =>
        [.. root.GetProperty("locks").EnumerateArray().SelectMany(lockItem => lockItem.EnumerateObject()).Select(item => (item.Name, item.Value.GetInt64()))];

    private static string Generated(string log) =>
        GeneratedPart().Match(log) is { Success: true } match ? match.Groups[1].Value + match.Groups[2].Value : $"no request line in: {log}";

    [GeneratedRegex(@"GET /hello => (generated \d+ bytes in )\d+ msecs( \(HTTP/1\.1 200\) \d+ headers in \d+ bytes)")]
    private static partial Regex GeneratedPart();

    private static long Tx(JsonElement root) => root.GetProperty("workers").EnumerateArray().Sum(worker => worker.GetProperty("tx").GetInt64());

    private static List<string> Keys(JsonElement element) => [.. element.EnumerateObject().Select(property => property.Name)];

    private static IEnumerable<JsonElement> Numbers(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => [element],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Numbers(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Numbers),
        _ => [],
    };

    [GeneratedRegex(@"Stats server enabled on (\S+) \*\*\*")]
    private static partial Regex StatsAddress();
}
