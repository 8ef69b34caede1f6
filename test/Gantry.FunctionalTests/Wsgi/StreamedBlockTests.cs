using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>
/// PEP 3333 "Buffering and Streaming": a block the application yields reaches the client before the application is
/// asked for the next one. The probe's /handshake yields "first" and then waits for the client, which says go only
/// once "first" arrived: a server that held the block back would keep the client waiting until the app gave up.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class StreamedBlockTests
{
    [Theory]
    [InlineData("HTTP/1.1", "", HttpBodyFraming.Chunked)]
    [InlineData("HTTP/1.1", "&length=1", HttpBodyFraming.ContentLength)]
    [InlineData("HTTP/1.0", "", HttpBodyFraming.CloseDelimited)]
    public async Task Generator_FirstBlockArrivesBeforeTheSecondIsProduced(string version, string query, HttpBodyFraming framing)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync($"GET /handshake?token=a{query} {version}\r\nHost: x\r\nConnection: close\r\n\r\n");
        await probe.WaitForBytesAsync("first\n");
        await File.WriteAllTextAsync(Path.Combine(records.Path, "go-a"), "go");
        var response = await probe.ReadResponseAsync();

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(framing, response.Framing);
        Assert.Equal("first\nsecond\n", response.BodyText);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Generator_KeepAlive_EachResponseStreamsAndTheConnectionStaysUsable()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        foreach (var token in new[] { "k1", "k2" })
        {
            await probe.SendAsync($"GET /handshake?token={token} HTTP/1.1\r\nHost: x\r\n\r\n");
            await probe.WaitForBytesAsync("first\n");
            await File.WriteAllTextAsync(Path.Combine(records.Path, "go-" + token), "go");
            Assert.Equal("first\nsecond\n", (await probe.ReadResponseAsync()).BodyText);
        }
    }

    [Fact]
    public async Task ExcInfo_AfterOneSmallBlock_BlockArrivedAndTheResponseIsCut()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        // One small block, then start_response(..., exc_info): the block went out, so start_response re-raises
        // (PEP 3333) and the chunked body ends without its last chunk: never a 500, never a whole 200.
        await probe.SendAsync("GET /exc-info-after-body HTTP/1.1\r\nHost: x\r\n\r\n");
        await probe.WaitForBytesAsync("first part went out\n");
        var failure = await Record.ExceptionAsync(() => probe.ReadResponseAsync());

        Assert.True(failure is EndOfStreamException or IOException, $"expected a cut response, got {failure?.ToString() ?? "a whole one"}");
        await OutputAssert.LogsAsync(gantry, "too late to replace the headers");
    }

    [Fact]
    public async Task ExcInfo_AfterABlockOnHttp10_ConnectionReset()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        // An HTTP/1.0 body ends with the connection, so a plain close would read as a whole body: it is reset.
        await probe.SendAsync("GET /exc-info-after-body HTTP/1.0\r\nHost: x\r\n\r\n");
        await probe.WaitForBytesAsync("first part went out\n");
        var failure = await Record.ExceptionAsync(() => probe.ReadToEndAsync());

        Assert.True(failure is IOException or System.Net.Sockets.SocketException, $"expected a reset, got {failure?.ToString() ?? "a clean close"}");
        await OutputAssert.LogsAsync(gantry, "too late to replace the headers");
    }
}
