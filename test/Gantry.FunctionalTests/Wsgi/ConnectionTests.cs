using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>Persistent connections and pipelining (RFC 9112 §9.3), HTTP/1.0 and Connection: close.</summary>
[Collection(GantryCollection.Name)]
public sealed class ConnectionTests
{
    [Fact]
    public async Task KeepAlive_SequentialRequests_AllServedOnOneConnection()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
        var remotePorts = new List<string>();

        for (var i = 0; i < 5; i++)
        {
            await probe.SendAsync($"GET /environ?n={i} HTTP/1.1\r\nHost: x\r\n\r\n");
            var environ = ProbeEnviron.Parse(await probe.ReadResponseAsync());
            Assert.Equal($"n={i}", environ["QUERY_STRING"]);
            remotePorts.Add(environ["REMOTE_PORT"]);
        }

        Assert.Single(remotePorts.Distinct());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Pipelining_RequestsInOneWrite_AnsweredInOrderThenClosed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync(
            "GET /status?code=201 HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /input?mode=readline HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nab\ncd\n"
            + "HEAD /framing?length=1 HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /input?mode=read-n&n=2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
            + "GET /status?code=418 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var created = await probe.ReadResponseAsync();
        var lines = await probe.ReadResponseAsync();
        var head = await probe.ReadResponseAsync("HEAD");
        var chunks = await probe.ReadResponseAsync();
        var teapot = await probe.ReadResponseAsync();

        Assert.Equal((201, "status 201"), (created.StatusCode, created.BodyText));
        Assert.Equal(["ab\n", "cd\n"], Pieces(lines));
        Assert.Equal((200, "16"), (head.StatusCode, head.Header("Content-Length")));
        Assert.Equal(["xy", "z"], Pieces(chunks));
        Assert.Equal((418, "status 418"), (teapot.StatusCode, teapot.BodyText));
        Assert.True(await probe.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), "the server kept the connection open after Connection: close");
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Pipelining_RequestsSentByteByByte_AllAnswered()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
        var requests = "GET /status?code=201 HTTP/1.1\r\nHost: x\r\n\r\nPOST /input?mode=readlines HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\na\nb\n";

        foreach (var character in requests)
        {
            await probe.SendAsync(character.ToString());
        }

        Assert.Equal(201, (await probe.ReadResponseAsync()).StatusCode);
        Assert.Equal(["a\n", "b\n"], Pieces(await probe.ReadResponseAsync()));
        OutputAssert.NoTraceback(gantry);
    }

    [Theory]
    [InlineData("Content-Length: 10000\r\n", false)]
    [InlineData("Transfer-Encoding: chunked\r\n", true)]
    public async Task KeepAlive_AppIgnoresTheBody_NextRequestParsedCleanly(string framing, bool chunked)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
        var body = new string('x', 10000);
        var wire = chunked ? $"2710\r\n{body}\r\n0\r\n\r\n" : body;

        // /status never reads wsgi.input: the unread body must not be parsed as the next request.
        await probe.SendAsync($"POST /status?code=201 HTTP/1.1\r\nHost: x\r\n{framing}\r\n{wire}GET /status?code=418 HTTP/1.1\r\nHost: x\r\n\r\n");
        var first = await probe.ReadResponseAsync();
        var second = await probe.ReadResponseAsync();

        Assert.Equal((201, 418), (first.StatusCode, second.StatusCode));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task ConnectionClose_RequestAsksForIt_ServerClosesAfterResponse()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync("GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var response = await probe.ReadResponseAsync();

        Assert.Equal(200, response.StatusCode);
        Assert.True(await probe.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), "the server kept the connection open");
    }

    [Fact]
    public async Task Http10_NoKeepAliveHeader_ServerClosesAfterResponse()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync("GET /framing?length=1 HTTP/1.0\r\n\r\n");
        var response = await probe.ReadResponseAsync();

        Assert.Equal("alpha,beta,gamma", response.BodyText);
        Assert.True(await probe.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), "an HTTP/1.0 connection without keep-alive stayed open");
    }

    [Fact]
    public async Task Http10_KeepAliveRequested_SecondRequestServedOnTheSameConnection()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync("GET /framing?length=1 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        var first = await probe.ReadResponseAsync();
        await probe.SendAsync("GET /status?code=201 HTTP/1.0\r\n\r\n");
        var second = await probe.ReadResponseAsync();

        Assert.Equal(HttpBodyFraming.ContentLength, first.Framing);
        Assert.Equal("keep-alive", first.Header("Connection"), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("status 201", second.BodyText);
    }

    [Fact]
    public async Task Connections_ManyOpenAtOnce_EachServed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        var probes = new List<HttpProbe>();
        try
        {
            for (var i = 0; i < 50; i++)
            {
                probes.Add(await HttpProbe.ConnectAsync(gantry.Addresses[0]));
            }

            // Requests go out in reverse order of connection, so no connection is served just for being first.
            for (var i = probes.Count - 1; i >= 0; i--)
            {
                await probes[i].SendAsync($"GET /status?code=201&i={i} HTTP/1.1\r\nHost: x\r\n\r\n");
            }

            foreach (var probe in probes)
            {
                Assert.Equal(201, (await probe.ReadResponseAsync()).StatusCode);
            }
        }
        finally
        {
            foreach (var probe in probes)
            {
                await probe.DisposeAsync();
            }
        }
    }

    private static string[] Pieces(HttpProbeResponse response)
    {
        Assert.True(response.StatusCode == 200, "the /input route did not answer 200:\n" + response);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.GetProperty("pieces").EnumerateArray().Select(piece => piece.GetString()!).ToArray();
    }
}
