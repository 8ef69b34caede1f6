using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>
/// An exception in the app: a traceback in the log, a 500 when no header went out yet, a cut connection otherwise;
/// either way the worker serves the next request.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class ErrorTests
{
    [Fact]
    public async Task Exception_BeforeStartResponse_Answers500LogsTracebackAndServesNext()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var failed = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /error HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(500, failed.StatusCode);
        Assert.DoesNotContain("probe-error-marker", failed.BodyText, StringComparison.Ordinal);
        await OutputAssert.LogsAsync(gantry, OutputAssert.TracebackMarker);
        await OutputAssert.LogsAsync(gantry, "RuntimeError: probe-error-marker: raised before start_response");
        await AssertServesAsync(gantry);
    }

    [Fact]
    public async Task Exception_OnKeepAliveConnection_Answers500AndNextRequestServed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync("GET /error HTTP/1.1\r\nHost: x\r\n\r\n");
        var failed = await probe.ReadResponseAsync();

        Assert.Equal(500, failed.StatusCode);
        if (failed.Header("Connection") != "close")
        {
            await probe.SendAsync("GET /status?code=201 HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(201, (await probe.ReadResponseAsync()).StatusCode);
        }

        await AssertServesAsync(gantry);
    }

    [Fact]
    public async Task Exception_AfterHeadersSent_ConnectionCutAndNextRequestServed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        // 16 MiB go out before the exception: the 200 and its headers are on the wire, only a cut is left to signal it.
        await probe.SendAsync("GET /error-after-headers?mib=16 HTTP/1.1\r\nHost: x\r\n\r\n");
        var failure = await Record.ExceptionAsync(() => probe.ReadResponseAsync());

        Assert.True(failure is EndOfStreamException or IOException, $"expected a truncated response, got {failure?.ToString() ?? "a whole one"}");
        await OutputAssert.LogsAsync(gantry, "RuntimeError: probe-error-marker: raised after the headers went out");
        await AssertServesAsync(gantry);
    }

    [Fact]
    public async Task Exception_AfterFirstSmallItem_ItemSentThenResponseCut()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        // The small first item left before the generator was asked for more (PEP 3333), so the 200 is out and only a
        // cut can say the body is not whole: a complete 200 would tell the client the truncated body is whole.
        await probe.SendAsync("GET /error-after-headers HTTP/1.1\r\nHost: x\r\n\r\n");
        await probe.WaitForBytesAsync("partial partial ");
        var failure = await Record.ExceptionAsync(() => probe.ReadResponseAsync());

        Assert.True(failure is EndOfStreamException or IOException, $"expected a cut response, got {failure?.ToString() ?? "a whole one"}");
        await OutputAssert.LogsAsync(gantry, "probe-error-marker: raised after the headers went out");
        await AssertServesAsync(gantry);
    }

    [Fact]
    public async Task NonBytesBodyItem_Answers500AndLogsTheTypeError()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var failed = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /raw/non-bytes HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(500, failed.StatusCode);
        Assert.DoesNotContain("a str is not a body item", failed.BodyText, StringComparison.Ordinal);
        await OutputAssert.LogsAsync(gantry, "TypeError");
        await AssertServesAsync(gantry);
    }

    [Fact]
    public async Task Exception_ManyInARow_WorkerStillServes()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        for (var i = 0; i < 20; i++)
        {
            var failed = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /error HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Assert.Equal(500, failed.StatusCode);
        }

        await AssertServesAsync(gantry);
        Assert.False(gantry.HasExited);
    }

    private static async Task AssertServesAsync(GantryProcess gantry)
    {
        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /status?code=200 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal((200, "status 200"), (response.StatusCode, response.BodyText));
    }
}
