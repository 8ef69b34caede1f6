using Gantry.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// The benchmark's scenario, load from the very first moment: a master with its workers, freshly started, and many
/// keep-alive connections opened together right after the readiness line (as
/// <c>wrk -t1 -c32 http://127.0.0.1:PORT/</c> against <c>bench/apps/hello_wsgi.py</c>). Twice, wrk once reported
/// about 10 % "Socket errors: read" in exactly this setting; wrk counts a read error when a connection it waits on
/// for a response is closed or reset, or when the response does not parse. Here every response must be a 200 with
/// the app's body, and no connection may be closed under a client: <see cref="KeepAliveClient.Retries"/> counts the
/// requests whose reused connection ended before any response byte (what wrk reports as a read error), and a failure
/// is anything else (refused or reset fresh connection, partial or malformed response, another status). Counts are
/// bounded (a fixed number of requests per connection); nothing here measures time.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class FreshMasterLoadTests(ITestOutputHelper output)
{
    private const int TotalRequests = 16_000;
    private const string HelloBody = "Hello World";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private static string HelloApp => Path.Combine(RepoPaths.Root, "bench", "apps", "hello_wsgi.py");

    [Theory]
    [InlineData(2, 1, 32)]
    [InlineData(2, 2, 32)]
    [InlineData(1, 1, 32)]
    // More connections than the default --listen backlog (100) arriving at once.
    [InlineData(2, 1, 256)]
    public async Task FreshMaster_KeepAliveConnectionsFromReadiness_EveryResponse200NoConnectionErrors(int processes, int threads, int connections)
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
        [
            "--master", "--processes", processes.ToString(), "--threads", threads.ToString(),
            "--http", "127.0.0.1:0", "--wsgi-file", HelloApp, "--disable-logging",
        ]);

        var counts = await RunConnectionsAsync(gantry.HttpBase, connections, TotalRequests / connections);
        output.WriteLine($"{processes} process(es) × {threads} thread(s), {connections} keep-alive connections: {Describe(counts)}");

        Assert.Equal(connections * (TotalRequests / connections), counts.Succeeded);
        Assert.True(counts.Failed == 0 && counts.ClosedUnderClient == 0,
            $"{Describe(counts)}; server log:\n{gantry.Output}");
        Assert.DoesNotContain("respawn", gantry.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    /// <summary>
    /// The same load while the workers recycle themselves (max-requests) and so stop gracefully again and again: each
    /// stop used to close the keep-alive connections lying between two requests, under their clients (about one read
    /// error per 300 requests per connection in wrk, ~10 % at -c32). A stopping worker must answer each busy
    /// client's next request with "Connection: close" instead.
    /// </summary>
    [Fact]
    public async Task WorkersRecycling_KeepAliveConnections_EveryResponse200NoConnectionClosedUnderClient()
    {
        const int Connections = 32;
        await using var gantry = await GantryProcess.StartReadyAsync(
        [
            "--master", "--processes", "2", "--http", "127.0.0.1:0", "--wsgi-file", HelloApp, "--disable-logging",
            "--max-requests", "1500", "--min-worker-lifetime", "0",
        ]);

        var counts = await RunConnectionsAsync(gantry.HttpBase, Connections, 6_400 / Connections);
        var recycles = gantry.Lines.Count(line => line.Text.Contains("max-requests reached", StringComparison.Ordinal));
        output.WriteLine($"{recycles} recycles, {Connections} keep-alive connections: {Describe(counts)}");

        Assert.True(recycles >= 1, $"no worker recycled during the load:\n{gantry.Output}");
        Assert.Equal(6_400, counts.Succeeded);
        Assert.True(counts.Failed == 0 && counts.ClosedUnderClient == 0, $"{Describe(counts)}; server log:\n{gantry.Output}");
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    /// <summary>
    /// Opens <paramref name="connections"/> keep-alive clients released together, each sending
    /// <paramref name="requestsEach"/> requests back to back; counts successes, failures and closed connections.
    /// </summary>
    private static async Task<(int Succeeded, int Failed, int ClosedUnderClient)> RunConnectionsAsync(Uri baseUri, int connections, int requestsEach)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var succeeded = 0;
        var failed = 0;
        var closedUnderClient = 0;
        var clients = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            using var client = new KeepAliveClient(baseUri);
            await start.Task;
            for (var i = 0; i < requestsEach; i++)
            {
                using var timeout = new CancellationTokenSource(RequestTimeout);
                var body = await client.GetAsync("/", timeout.Token);
                if (body == HelloBody)
                {
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
            Interlocked.Add(ref closedUnderClient, client.Retries);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(clients);
        return (succeeded, failed, closedUnderClient);
    }

    private static string Describe((int Succeeded, int Failed, int ClosedUnderClient) counts) =>
        $"{counts.Succeeded} answered 200, {counts.Failed} failed, {counts.ClosedUnderClient} closed under the client before any response byte (wrk: read errors)";
}
