using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Asgi;

/// <summary>The http scope, request bodies as http.request messages, and plain responses (ASGI HTTP spec 2.4).</summary>
[Collection(GantryCollection.Name)]
public sealed class AsgiHttpTests
{
    [Fact]
    public async Task Hello_StartAndBody_OneResponseWithTheAppsHeaders()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);

        var response = await AsgiProbeServer.GetAsync(gantry, "/");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("Hello, ASGI!", response.BodyText);
        Assert.Contains(response.Headers, header => header.Key == "content-type" && header.Value == "text/plain");
        Assert.Equal(HttpBodyFraming.ContentLength, response.Framing);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Scope_Request_EveryHttpKeyAsTheSpecSays()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0],
            "POST /scope/caf%C3%A9%20x?a=1&b=%20 HTTP/1.1\r\nHost: example.test\r\nX-Custom-Thing: v1\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        using var scope = JsonDocument.Parse(response.BodyText);
        var root = scope.RootElement;

        Assert.Equal("http", root.GetProperty("type").GetString());
        Assert.Equal("3.0", root.GetProperty("asgi").GetProperty("version").GetString());
        Assert.Equal("2.4", root.GetProperty("asgi").GetProperty("spec_version").GetString());
        Assert.Equal("1.1", root.GetProperty("http_version").GetString());
        Assert.Equal("POST", root.GetProperty("method").GetString());
        Assert.Equal("http", root.GetProperty("scheme").GetString());
        Assert.Equal("/scope/café x", root.GetProperty("path").GetString());
        Assert.Equal("/scope/caf%C3%A9%20x", root.GetProperty("raw_path").GetString());
        Assert.Equal("a=1&b=%20", root.GetProperty("query_string").GetString());
        Assert.Equal("", root.GetProperty("root_path").GetString());
        var headers = root.GetProperty("headers").EnumerateArray().Select(pair => (pair[0].GetString(), pair[1].GetString())).ToList();
        Assert.Contains(("host", "example.test"), headers);
        Assert.Contains(("x-custom-thing", "v1"), headers);
        Assert.Contains(("content-type", "text/plain"), headers);
        Assert.Equal("127.0.0.1", root.GetProperty("client")[0].GetString());
        Assert.True(root.GetProperty("client")[1].GetInt32() > 0);
        Assert.Equal(gantry.Addresses[0].Port, root.GetProperty("server")[1].GetInt32());
        Assert.Equal("yes", root.GetProperty("state").GetProperty("started").GetString());
        Assert.Contains("http.response.pathsend", root.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("http.response.zerocopysend", root.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Scope_Http10_HttpVersionIs10()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /scope HTTP/1.0\r\n\r\n");

        using var scope = JsonDocument.Parse(response.BodyText);
        Assert.Equal("1.0", scope.RootElement.GetProperty("http_version").GetString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(3 * 1024 * 1024)]
    public async Task Body_ContentLength_ReceivedWhole(int length)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);
        var body = TestBytes(length);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        using var response = await client.PostAsync("/echo", new ByteArrayContent(body));

        Assert.Equal(body, await response.Content.ReadAsByteArrayAsync());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Body_Chunked_ReceivedWhole()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0],
            "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

        Assert.Equal("hello world", response.BodyText);
    }

    [Fact]
    public async Task Body_Streamed_FirstChunkReachesTheAppBeforeTheRestIsSent()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        // The app answers each http.request as it comes; the client sends the rest only once it saw the first answer.
        await probe.SendAsync("POST /first-chunk HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello");
        await probe.WaitForBytesAsync("got 5 more=True\n");
        await probe.SendAsync(" world");
        var response = await probe.ReadResponseAsync("POST");

        Assert.EndsWith("got 6 more=False\nend\n", response.BodyText);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Pathsend_File_SentWholeWithItsLength()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        var file = records.Combine("payload.bin");
        var content = TestBytes(200_000);
        await File.WriteAllBytesAsync(file, content);
        await using var gantry = await AsgiProbeServer.StartAsync(records);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        using var response = await client.GetAsync("/pathsend?file=" + Uri.EscapeDataString(file));

        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        OutputAssert.NoTraceback(gantry);
    }

    [Theory]
    [InlineData("offset=1000&count=5000", 1000, 5000, false)]
    [InlineData("seek=7", 7, 200_000 - 7, false)]
    [InlineData("offset=0", 0, 200_000, false)]
    [InlineData("offset=10&count=100&more=1", 10, 100, true)]
    [InlineData("offset=50000&more=1", 50000, 150_000, true)]
    public async Task ZeroCopySend_File_FromOffsetForCount(string query, int offset, int count, bool more)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        var file = records.Combine("payload.bin");
        var content = TestBytes(200_000);
        await File.WriteAllBytesAsync(file, content);
        await using var gantry = await AsgiProbeServer.StartAsync(records);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        using var response = await client.GetAsync($"/zerocopy?{query}&file=" + Uri.EscapeDataString(file));

        byte[] expected = [.. content.AsSpan(offset, count), .. (more ? "<end>"u8 : [])];
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Thread_RunInExecutor_ResultComesBackThroughTheLoop()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        var text = await client.GetStringAsync("/thread");

        // The default executor's threads are named asyncio_N (ThreadPoolExecutor-… on older Pythons): not the loop's.
        Assert.StartsWith("from ", text);
        Assert.NotEqual("from MainThread", text);
    }

    [Fact]
    public async Task KeepAlive_SeveralRequests_OneConnection()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        foreach (var path in new[] { "/", "/sleep?ms=10", "/" })
        {
            await probe.SendAsync($"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n");
            Assert.Equal(200, (await probe.ReadResponseAsync()).StatusCode);
        }
    }

    private static byte[] TestBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
