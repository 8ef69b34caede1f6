using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.BadInput;

/// <summary>
/// Size limits: the request head is capped by --buffer-size (431, RFC 6585 §5), the body by --limit-post (413,
/// RFC 9110 §15.5.14); neither request reaches the app and the worker keeps serving.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class LimitTests
{
    [Fact]
    public async Task Head_LargerThanTheDefaultBufferSize_Answers431()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var response = await SendWithHeaderAsync(gantry, 70_000);

        Assert.Equal(431, response.StatusCode);
        await MalformedHttpTests.AssertServedAndNeverReachedAppAsync(gantry, records);
    }

    [Fact]
    public async Task Head_JustUnderTheDefaultBufferSize_Served()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        // The default is 65535 bytes (uWSGI's 4096 is its most reported limit); a 60 000-byte cookie fits.
        var response = await SendWithHeaderAsync(gantry, 60_000, record: false);

        Assert.Equal(200, response.StatusCode);
    }

    [Theory]
    [InlineData(6_000, 200)]
    [InlineData(10_000, 431)]
    public async Task Head_WithBufferSizeOption_CappedThere(int headerLength, int expectedStatus)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--buffer-size", "8192");

        var response = await SendWithHeaderAsync(gantry, headerLength, record: expectedStatus != 200);

        Assert.Equal(expectedStatus, response.StatusCode);
        await MalformedHttpTests.AssertServedAndNeverReachedAppAsync(gantry, records);
    }

    [Fact]
    public async Task Head_ThousandsOfSmallFields_Answers431()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        var fields = string.Concat(Enumerable.Range(0, 10_000).Select(i => $"X-F{i}: v\r\n"));

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], $"GET /status?record=fields HTTP/1.1\r\nHost: x\r\n{fields}\r\n");

        Assert.Equal(431, response.StatusCode);
        await MalformedHttpTests.AssertServedAndNeverReachedAppAsync(gantry, records);
    }

    [Fact]
    public async Task RequestLine_LongerThanTheBufferSize_Rejected()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], $"GET /status?record=long&x={new string('a', 100_000)} HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.Contains(response.StatusCode, new[] { 414, 431 });
        await MalformedHttpTests.AssertServedAndNeverReachedAppAsync(gantry, records);
    }

    [Theory]
    [InlineData(1000, 200)]
    [InlineData(1001, 413)]
    public async Task LimitPost_ContentLength_AcceptedUpToTheLimit(int length, int expectedStatus)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--limit-post", "1000");
        var marker = expectedStatus == 200 ? "" : "?record=cl";

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0],
            $"POST /upload{marker} HTTP/1.1\r\nHost: x\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n{new string('b', length)}");

        Assert.Equal(expectedStatus, response.StatusCode);
        await MalformedHttpTests.AssertServedAndNeverReachedAppAsync(gantry, records);
    }

    [Fact]
    public async Task LimitPost_ExpectContinueOverTheLimit_Answers413WithoutAsking100()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--limit-post", "1000");

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0],
            "POST /upload?record=expect HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\nExpect: 100-continue\r\n\r\n");

        Assert.Equal(413, response.StatusCode);
        Assert.Empty(response.InterimStatusCodes);
        await MalformedHttpTests.AssertServedAndNeverReachedAppAsync(gantry, records);
    }

    [Fact]
    public async Task LimitPost_ChunkedBodyOverTheLimit_Answers413()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--limit-post", "1000");
        var chunks = string.Concat(Enumerable.Repeat("100\r\n" + new string('c', 256) + "\r\n", 8)) + "0\r\n\r\n";

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0],
            $"POST /upload?record=chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{chunks}");

        Assert.Equal(413, response.StatusCode);
        await MalformedHttpTests.AssertServedAndNeverReachedAppAsync(gantry, records);
    }

    [Fact]
    public async Task LimitPost_ClientStillStreamingAChunkedBody_SeesThe413()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--limit-post", "1000");

        // curl keeps sending its 100 MiB while the server answers: RFC 9112 §9.6 asks for a staged close (stop
        // writing, keep reading a while) so that the client gets to read the 413 rather than a reset.
        var curl = await Curl.RunAsync(
            ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "-T", "-", "-X", "POST", "-H", "Transfer-Encoding: chunked",
                new Uri(gantry.HttpBase, "upload?record=streaming").ToString()],
            stdin => Payload.WriteAsync(stdin, 100L * Payload.Mebibyte));

        Assert.True(curl.StandardOutput == "413", $"curl saw status '{curl.StandardOutput}' (exit {curl.ExitCode}): {curl.StandardError}");
        await MalformedHttpTests.AssertServedAndNeverReachedAppAsync(gantry, records);
    }

    private static Task<HttpProbeResponse> SendWithHeaderAsync(GantryProcess gantry, int headerLength, bool record = true)
    {
        var target = record ? "/status?record=head" : "/status";
        var cookie = new string('k', headerLength);
        return HttpProbe.ExchangeAsync(gantry.Addresses[0], $"GET {target} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n");
    }
}
