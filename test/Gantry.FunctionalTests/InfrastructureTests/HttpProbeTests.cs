using System.Net.Sockets;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.InfrastructureTests;

public sealed class HttpProbeTests
{
    private const string Get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task ReadResponseAsync_ContentLength_ReadsExactlyTheBody(int pieceSize)
    {
        await using var server = CannedHttpServer.Start(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nHello World", pieceSize);
        await using var probe = await HttpProbe.ConnectAsync(server.EndPoint);

        await probe.SendAsync(Get);
        var response = await probe.ReadResponseAsync();

        Assert.Equal(("HTTP/1.1", 200, "OK"), (response.Version, response.StatusCode, response.ReasonPhrase));
        Assert.Equal("text/plain", response.Header("content-type"));
        Assert.Equal(HttpBodyFraming.ContentLength, response.Framing);
        Assert.Equal("Hello World", response.BodyText);
        Assert.StartsWith("GET / HTTP/1.1\r\n", server.RequestHead, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(5)]
    public async Task ReadResponseAsync_Chunked_JoinsChunksAndReadsTrailers(int pieceSize)
    {
        await using var server = CannedHttpServer.Start(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nHello\r\n6\r\n World\r\n0\r\nX-Checksum: 42\r\n\r\n", pieceSize);

        var response = await HttpProbe.ExchangeAsync(server.EndPoint, Get);

        Assert.Equal(HttpBodyFraming.Chunked, response.Framing);
        Assert.Equal("Hello World", response.BodyText);
        Assert.Equal([5, 6], response.ChunkSizes);
        Assert.Equal("42", Assert.Single(response.Trailers, field => field.Key == "X-Checksum").Value);
    }

    [Fact]
    public async Task ReadResponseAsync_NoLength_ReadsUntilTheServerCloses()
    {
        await using var server = CannedHttpServer.Start("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\nHello World");

        var response = await HttpProbe.ExchangeAsync(server.EndPoint, Get);

        Assert.Equal(HttpBodyFraming.CloseDelimited, response.Framing);
        Assert.Equal("Hello World", response.BodyText);
    }

    [Theory]
    [InlineData("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n")]
    [InlineData("GET", "HTTP/1.1 204 No Content\r\n\r\n")]
    [InlineData("GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 11\r\n\r\n")]
    public async Task ReadResponseAsync_ResponseWithoutBody_ReturnsAtTheBlankLine(string method, string wire)
    {
        // The server keeps the connection open: reading a body would time out.
        await using var server = CannedHttpServer.Start(wire, closeAfter: false);
        await using var probe = await HttpProbe.ConnectAsync(server.EndPoint);
        probe.ReadTimeout = TimeSpan.FromSeconds(5);

        await probe.SendAsync($"{method} / HTTP/1.1\r\nHost: x\r\n\r\n");
        var response = await probe.ReadResponseAsync(method);

        Assert.Equal(HttpBodyFraming.None, response.Framing);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task ReadResponseAsync_InterimContinueFirst_RecordsItAndReturnsTheFinalResponse()
    {
        await using var server = CannedHttpServer.Start(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");

        var response = await HttpProbe.ExchangeAsync(server.EndPoint, Get);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal([100], response.InterimStatusCodes);
        Assert.Equal("ok", response.BodyText);
    }

    [Fact]
    public async Task ReadResponseAsync_TwoPipelinedResponses_ReadsEachInTurn()
    {
        await using var server = CannedHttpServer.Start(
            "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\noneHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n",
            closeAfter: false);
        await using var probe = await HttpProbe.ConnectAsync(server.EndPoint);

        await probe.SendAsync(Get + Get);
        var first = await probe.ReadResponseAsync();
        var second = await probe.ReadResponseAsync();

        Assert.Equal(("one", "two"), (first.BodyText, second.BodyText));
        Assert.Equal("HTTP/1.1 200 OK\nContent-Length: 3\n\n", first.Head.Replace("\r", "", StringComparison.Ordinal));
        Assert.False(await probe.IsClosedByServerAsync(TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task ReadResponseAsync_ServerClosesInsideTheBody_ThrowsEndOfStream()
    {
        await using var server = CannedHttpServer.Start("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");

        var error = await Assert.ThrowsAsync<EndOfStreamException>(() => HttpProbe.ExchangeAsync(server.EndPoint, Get));

        Assert.Contains("5 bytes into a body of 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadResponseAsync_ServerStopsMidHead_TimesOutShowingWhatArrived()
    {
        await using var server = CannedHttpServer.Start("HTTP/1.1 200 OK\r\nContent-Le", closeAfter: false);
        await using var probe = await HttpProbe.ConnectAsync(server.EndPoint);
        probe.ReadTimeout = TimeSpan.FromMilliseconds(300);

        await probe.SendAsync(Get);
        var error = await Assert.ThrowsAsync<TimeoutException>(() => probe.ReadResponseAsync());

        Assert.Contains("Content-Le", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadResponseAsync_MalformedStatusLine_ThrowsInvalidData()
    {
        await using var server = CannedHttpServer.Start("HTTP/1.1 2OO OK\r\n\r\n");

        await Assert.ThrowsAsync<InvalidDataException>(() => HttpProbe.ExchangeAsync(server.EndPoint, Get));
    }

    [Fact]
    public async Task ExchangeAsync_UnixSocket_ReadsTheResponse()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        var path = folder.Combine("http.sock");
        await using var server = CannedHttpServer.Start("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nunix", unixPath: path);

        var response = await HttpProbe.ExchangeAsync(new GantryAddress("http", null, 0, path), Get);

        Assert.Equal("unix", response.BodyText);
    }

    [Fact]
    public async Task IsClosedByServerAsync_ServerClosed_ReturnsTrueAndReadToEndHasTheBytes()
    {
        await using var server = CannedHttpServer.Start("bye");
        await using var probe = await HttpProbe.ConnectAsync(server.EndPoint);

        await probe.SendAsync(Get);

        Assert.True(await probe.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("bye"u8.ToArray(), await probe.ReadToEndAsync());
        Assert.Equal(AddressFamily.InterNetwork, probe.Socket.AddressFamily);
    }
}
