using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.BadInput;

/// <summary>
/// Malformed requests (RFC 9112) get a 4xx/5xx from the server itself and never reach the app; none of them crashes
/// or hangs the worker: a good request right after is served.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class MalformedHttpTests
{
    public static TheoryData<string, string, int[]> Requests => new()
    {
        { "garbage request line", "GARBAGE\r\n\r\n", [400] },
        { "three-part junk", "GET\r\nHost: x\r\n\r\n", [400] },
        { "unsupported version", "GET /status?record=version HTTP/9.9\r\nHost: x\r\n\r\n", [400, 505] },
        { "target without slash", "GET status?record=target HTTP/1.1\r\nHost: x\r\n\r\n", [400] },
        { "space in field name", "GET /status?record=name HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n", [400] },
        { "field without colon", "GET /status?record=colon HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", [400] },
        { "space before colon", "GET /status?record=before HTTP/1.1\r\nHost: x\r\nX-A : a\r\n\r\n", [400] },
        { "obsolete line folding", "GET /status?record=fold HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", [400] },
        { "NUL in a value", "GET /status?record=nul HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", [400] },
        { "bare CR in a value", "GET /status?record=cr HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n", [400] },
        { "no Host in HTTP/1.1", "GET /status?record=nohost HTTP/1.1\r\n\r\n", [400] },
        { "two Host fields", "GET /status?record=hosts HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", [400] },
        { "Content-Length and Transfer-Encoding", "POST /upload?record=clte HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", [400] },
        { "two different Content-Lengths", "POST /upload?record=cl2 HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde", [400] },
        { "negative Content-Length", "POST /upload?record=neg HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", [400] },
        { "signed Content-Length", "POST /upload?record=plus HTTP/1.1\r\nHost: x\r\nContent-Length: +4\r\n\r\nabcd", [400] },
        { "huge Content-Length", "POST /upload?record=huge HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", [400, 413] },
        { "chunked not last", "POST /upload?record=tegz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", [400, 501] },
        { "unknown coding alone", "POST /upload?record=gzip HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", [400, 501] },
        { "bad chunk size", "POST /upload?record=chunk HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", [400] },
        { "chunk size overflow", "POST /upload?record=overflow HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff1\r\nabc\r\n0\r\n\r\n", [400, 413] },
        { "chunk without CRLF", "POST /upload?record=nocrlf HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcXX0\r\n\r\n", [400] },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Malformed_Request_RejectedBeforeTheAppAndWorkerKeepsServing(string name, string request, int[] statuses)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync(request);
        var response = await probe.ReadResponseAsync();

        Assert.True(statuses.Contains(response.StatusCode), $"{name}: expected {string.Join(" or ", statuses)}, got\n{response}");
        Assert.True(await probe.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), $"{name}: the connection stayed open after the rejection");
        await AssertServedAndNeverReachedAppAsync(gantry, records);
    }

    [Fact]
    public async Task WellFormed_MarkedRequest_ReachesTheAppAndIsRecorded()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        // The control case: the record= marker the other tests look for works when the app is called.
        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /status?record=good HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.StatusCode);
        await RecordFile.WaitForLineAsync(records.Combine("requests"), "/status?record=good", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task TruncatedBody_ClientHangsUp_AppNeverCalledAndWorkerKeepsServing()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync("POST /upload?record=truncated HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly part");
        probe.ShutdownSend();
        await probe.IsClosedByServerAsync(TimeSpan.FromSeconds(5));
        await probe.DisposeAsync();

        await AssertServedAndNeverReachedAppAsync(gantry, records);
    }

    [Fact]
    public async Task SilentClient_ConnectsAndSendsNothing_OthersStillServed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var silent = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
        await using var partial = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
        await partial.SendAsync("GET /status?record=partial HTTP/1.1\r\nHost: x\r\n");

        await AssertServedAndNeverReachedAppAsync(gantry, records);
    }

    [Fact]
    public async Task RandomBytes_ManyConnections_WorkerKeepsServing()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        var random = new Random(3333);

        for (var i = 0; i < 30; i++)
        {
            var noise = new byte[random.Next(1, 4096)];
            random.NextBytes(noise);
            await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
            await probe.SendAsync(noise);
            probe.ShutdownSend();
            await probe.IsClosedByServerAsync(TimeSpan.FromSeconds(5));
        }

        await AssertServedAndNeverReachedAppAsync(gantry, records);
    }

    /// <summary>A good request is answered, and no request marked record= reached the app.</summary>
    internal static async Task AssertServedAndNeverReachedAppAsync(GantryProcess gantry, TemporaryDirectory records)
    {
        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /status?code=201 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal((201, "status 201"), (response.StatusCode, response.BodyText));
        Assert.Empty(RecordFile.Lines(records.Combine("requests")));
        Assert.False(gantry.HasExited, gantry.Output);
    }
}
