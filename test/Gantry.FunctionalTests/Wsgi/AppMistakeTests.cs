using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>
/// Apps that break PEP 3333 (Apps/wsgi_mistakes.py): the server answers 500 with the reason in its log, never puts
/// an injected or malformed response on the wire, and keeps serving.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class AppMistakeTests
{
    private static string MistakesApp => Path.Combine(TestApps.Folder, "wsgi_mistakes.py");

    [Theory]
    [InlineData("start-response-twice")]
    [InlineData("returns-none")]
    [InlineData("never-starts")]
    [InlineData("euro-header")]
    [InlineData("header-injection")]
    [InlineData("status-injection")]
    [InlineData("integer-status")]
    [InlineData("bytes-headers")]
    public async Task Mistake_BeforeAnyBody_Answers500LogsWhyAndServesNext(string route)
    {
        await using var gantry = await StartAsync();
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
        var firstLine = gantry.LineCount;

        await probe.SendAsync($"GET /{route} HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await probe.ReadResponseAsync();

        Assert.Equal(500, response.StatusCode);
        Assert.DoesNotContain("injected", response.Head, StringComparison.Ordinal);
        await OutputAssert.LogsAsync(gantry, $"GET /{route}", firstLine);
        await AssertServesAsync(gantry);
    }

    [Fact]
    public async Task Latin1HeaderValue_NonAscii_SentAsOneByteEach()
    {
        await using var gantry = await StartAsync();

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /latin1-header HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        // PEP 3333: header values are latin-1 native strings; the probe decodes the head as Latin-1 too.
        Assert.Equal("caf\u00e9", response.Header("X-Place"));
    }

    [Fact]
    public async Task ContentLength_BodyShorterThanDeclared_ConnectionClosedNotReused()
    {
        await using var gantry = await StartAsync();
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync("GET /short-body HTTP/1.1\r\nHost: x\r\n\r\nGET /latin1-header HTTP/1.1\r\nHost: x\r\n\r\n");
        var bytes = await probe.ReadToEndAsync();

        // The client must see the body end early (a close), never the next response glued into the missing bytes.
        var text = System.Text.Encoding.Latin1.GetString(bytes);
        Assert.EndsWith("only ten..", text, StringComparison.Ordinal);
        await AssertServesAsync(gantry);
    }

    [Fact]
    public async Task ContentLength_BodyLongerThanDeclared_NoByteBeyondIt()
    {
        await using var gantry = await StartAsync();
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync("GET /long-body HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await probe.ReadResponseAsync();

        // PEP 3333: the server should not transmit more bytes than Content-Length allows; extra bytes would be
        // read as the start of the next response.
        Assert.Equal("01234", response.BodyText);
        if (!await probe.IsClosedByServerAsync(TimeSpan.FromMilliseconds(500)))
        {
            await probe.SendAsync("GET /latin1-header HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(200, (await probe.ReadResponseAsync()).StatusCode);
        }

        await AssertServesAsync(gantry);
    }

    [Fact]
    public async Task HopByHopHeaders_FromTheApp_DroppedAndFramingStillRight()
    {
        await using var gantry = await StartAsync();

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /hop-by-hop HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal("hop-by-hop", response.BodyText);
        Assert.Null(response.Header("Keep-Alive"));
        Assert.True(response.Framing != HttpBodyFraming.Chunked || response.HeaderValues("Transfer-Encoding").Count == 1, response.Head);
    }

    [Theory]
    [InlineData("empty-items-first", "after empties")]
    [InlineData("bytesio-file-wrapper", null)]
    public async Task Body_UnusualButLegalIterables_ServedWhole(string route, string? expected)
    {
        await using var gantry = await StartAsync();

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], $"GET /{route} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(expected ?? string.Concat(Enumerable.Repeat("0123456789", 1000)), response.BodyText);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Close_RaisesAfterTheBody_ErrorLoggedAndServerKeepsServing()
    {
        await using var gantry = await StartAsync();

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /raising-close HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.StatusCode);
        await OutputAssert.LogsAsync(gantry, "close-marker: close() failed");
        await AssertServesAsync(gantry);
    }

    private static Task<GantryProcess> StartAsync() =>
        GantryProcess.StartReadyAsync(["--http", "127.0.0.1:0", "--wsgi-file", MistakesApp], TestApps.Folder);

    private static async Task AssertServesAsync(GantryProcess gantry)
    {
        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /empty-items-first HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal((200, "after empties"), (response.StatusCode, response.BodyText));
    }
}
