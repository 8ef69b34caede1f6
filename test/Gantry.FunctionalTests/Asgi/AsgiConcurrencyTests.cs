using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Asgi;

/// <summary>Many requests in flight on one worker's asyncio loop, --limit-concurrency, threads, and the master.</summary>
[Collection(GantryCollection.Name)]
public sealed class AsgiConcurrencyTests
{
    [Fact]
    public async Task SlowRequests_AThousandAtOnceOnOneWorker_AllAnswered()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records, "--listen", "1024", "--disable-logging");
        const int Count = 1000;

        // Each connection sends its request at once; every app sleeps 500 ms in asyncio.sleep, so a loop that ran them
        // one after another would need 500 s: the probes' read timeout bounds the whole run far below that.
        var probes = new List<HttpProbe>(Count);
        try
        {
            for (var i = 0; i < Count; i++)
            {
                var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
                probe.ReadTimeout = TimeSpan.FromSeconds(60);
                probes.Add(probe);
                await probe.SendAsync("GET /sleep?ms=500 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            }
            var responses = await Task.WhenAll(probes.Select(probe => probe.ReadResponseAsync()));

            Assert.All(responses, response => Assert.Equal("slept", response.BodyText));
        }
        finally
        {
            foreach (var probe in probes)
            {
                await probe.DisposeAsync();
            }
        }
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task LimitConcurrency_BeyondTheLimit_503()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records, "--asgi-limit-concurrency", "1");
        await using var slow = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await slow.SendAsync("GET /handshake?token=l HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        await slow.WaitForBytesAsync("first\n");
        var refused = await AsgiProbeServer.GetAsync(gantry, "/");
        await File.WriteAllTextAsync(records.Combine("go-l"), "go");
        var finished = await slow.ReadResponseAsync();
        var after = await AsgiProbeServer.GetAsync(gantry, "/");

        Assert.Equal(503, refused.StatusCode);
        Assert.Equal("first\nsecond\n", finished.BodyText);
        Assert.Equal(200, after.StatusCode);
    }

    [Fact]
    public async Task Threads_TwoLoops_EachServesWithItsOwnAsyncioLoop()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records, "--threads", "2");
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        var texts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetStringAsync("/sleep?ms=50")));

        Assert.All(texts, text => Assert.Equal("slept", text));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Master_TwoProcesses_BothWorkersRunLifespanAndServe()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records, "--master", "--processes", "2");
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        var texts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetStringAsync("/sleep?ms=20")));

        Assert.All(texts, text => Assert.Equal("slept", text));
        Assert.Equal(2, RecordFile.Lines(records.Combine("lifespan")).Count(line => line.StartsWith("startup ", StringComparison.Ordinal)));
        Assert.Equal(0, await gantry.StopAsync());
        Assert.Equal(2, RecordFile.Lines(records.Combine("lifespan")).Count(line => line.StartsWith("shutdown ", StringComparison.Ordinal)));
    }
}
