using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>
/// How responses reach the wire (PEP 3333 "Handling the Content-Length Header", RFC 9112 §6.3): Content-Length when
/// known, chunked for HTTP/1.1, close-delimited for HTTP/1.0; HEAD, 204 and 304 without a body; start_response's
/// exc_info rules; the write() callable.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class ResponseTests
{
    [Fact]
    public async Task Framing_AppDeclaresContentLength_SentWithThatLength()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /framing?length=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(HttpBodyFraming.ContentLength, response.Framing);
        Assert.Equal("16", response.Header("Content-Length"));
        Assert.Equal("alpha,beta,gamma", response.BodyText);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Framing_Http11LargeBodyOfUnknownLength_Chunked()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /generator?mib=8 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(HttpBodyFraming.Chunked, response.Framing);
        Assert.Equal(8 * Payload.Mebibyte, response.Body.Length);
        Assert.Null(response.Header("Content-Length"));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Framing_Http10LargeBodyOfUnknownLength_CloseDelimitedNeverChunked()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        // RFC 9112 §7: a server must not send chunked to an HTTP/1.0 client.
        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /generator?mib=8 HTTP/1.0\r\n\r\n");

        Assert.Equal(HttpBodyFraming.CloseDelimited, response.Framing);
        Assert.Null(response.Header("Transfer-Encoding"));
        Assert.Equal(8 * Payload.Mebibyte, response.Body.Length);
        OutputAssert.NoTraceback(gantry);
    }

    [Theory]
    [InlineData("HTTP/1.1")]
    [InlineData("HTTP/1.0")]
    public async Task Framing_SmallBodyOfUnknownLength_ArrivesWhole(string version)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], $"GET /framing {version}\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal("alpha,beta,gamma", response.BodyText);
        if (version == "HTTP/1.0")
        {
            Assert.NotEqual(HttpBodyFraming.Chunked, response.Framing);
        }

        OutputAssert.NoTraceback(gantry);
    }

    [Theory]
    [InlineData("/framing?length=1", "16")]
    [InlineData("/framing", null)]
    [InlineData("/generator?mib=4", null)]
    [InlineData("/generator?mib=4&length=1", "4194304")]
    public async Task Head_AnyBody_HeadersOnlyAndTheConnectionStaysUsable(string target, string? declaredLength)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync($"HEAD {target} HTTP/1.1\r\nHost: x\r\n\r\n");
        var head = await probe.ReadResponseAsync("HEAD");
        await probe.SendAsync("GET /status?code=201 HTTP/1.1\r\nHost: x\r\n\r\n");
        var next = await probe.ReadResponseAsync();

        // RFC 9110 §9.3.2: the same header fields as GET, no content. A body sent anyway would corrupt the next response.
        Assert.Equal(200, head.StatusCode);
        Assert.NotNull(head.Header("Content-Type"));
        if (declaredLength is not null)
        {
            Assert.Equal(declaredLength, head.Header("Content-Length"));
        }

        Assert.Equal((201, "status 201"), (next.StatusCode, next.BodyText));
        OutputAssert.NoTraceback(gantry);
    }

    [Theory]
    [InlineData(204)]
    [InlineData(304)]
    public async Task Status_NoContentCodes_NoBodyAndTheConnectionStaysUsable(int code)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync($"GET /status?code={code} HTTP/1.1\r\nHost: x\r\n\r\nGET /status?code=418 HTTP/1.1\r\nHost: x\r\n\r\n");
        var empty = await probe.ReadResponseAsync();
        var next = await probe.ReadResponseAsync();

        Assert.Equal(code, empty.StatusCode);
        Assert.Null(empty.Header("Transfer-Encoding"));
        Assert.True(empty.Header("Content-Length") is null or "0", empty.Head);
        Assert.Equal((418, "status 418"), (next.StatusCode, next.BodyText));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task ExcInfo_BeforeAnyBody_ReplacesStatusAndHeaders()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /exc-info-before-body HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        // PEP 3333: start_response may be called again with exc_info until the headers are sent; the last call wins.
        Assert.Equal(503, response.StatusCode);
        Assert.Equal("yes", response.Header("X-Replaced"));
        Assert.Equal("the error page", response.BodyText);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task ExcInfo_AfterTheHeadersWentOut_ReraisedAndConnectionClosed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        // 16 MiB of body go out before the second start_response, far more than any socket buffer holds.
        await probe.SendAsync("GET /exc-info-after-body?mib=16 HTTP/1.1\r\nHost: x\r\n\r\n");
        var failure = await Record.ExceptionAsync(() => probe.ReadResponseAsync());

        // PEP 3333: start_response re-raises exc_info once headers are sent; the server can only cut the response short.
        Assert.True(failure is EndOfStreamException or IOException, $"expected a truncated response, got {failure?.ToString() ?? "a whole one"}");
        await OutputAssert.LogsAsync(gantry, "too late to replace the headers");
        await AssertServesAsync(gantry);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    public async Task Write_CallableThenIterable_BothPartsInOrder(int mebibytes)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], $"GET /write?mib={mebibytes}&tail=END HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(mebibytes * Payload.Mebibyte + 3, response.Body.Length);
        Assert.Equal("END", System.Text.Encoding.ASCII.GetString(response.Body[^3..]));
        Assert.Equal(0, response.Body[0]);
        Assert.Equal(255, response.Body[255]);
        OutputAssert.NoTraceback(gantry);
    }

    private static async Task AssertServesAsync(GantryProcess gantry)
    {
        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /status?code=200 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal((200, "status 200"), (response.StatusCode, response.BodyText));
    }
}
