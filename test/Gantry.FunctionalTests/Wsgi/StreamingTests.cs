using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>
/// Big responses with backpressure: a 1 GiB generator, many MiB through write(), a real file through
/// wsgi.file_wrapper; gantry's peak RSS stays bounded whatever the response size or the client's pace.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class StreamingTests
{
    // Gantry with Python idles near 25 MiB; buffering any of these responses would add hundreds of MiB.
    private const long PeakResidentLimit = 64L * Payload.Mebibyte;

    [Theory]
    [InlineData("/generator?mib=1024")]
    [InlineData("/generator?mib=1024&length=1")]
    public async Task Generator_1GiBToDiscardingClient_StreamsWithBoundedMemory(string target)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase, Timeout = TimeSpan.FromSeconds(60) };

        using var response = await client.GetAsync(target.TrimStart('/'), HttpCompletionOption.ResponseHeadersRead);
        var (length, _) = await BodyCounter.DrainAsync(await response.Content.ReadAsStreamAsync());

        Assert.Equal(1024L * Payload.Mebibyte, length);
        AssertBoundedMemory(gantry);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Generator_SlowClient_ResponseCompleteWithBoundedMemory()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase, Timeout = TimeSpan.FromSeconds(60) };

        using var response = await client.GetAsync("generator?mib=256", HttpCompletionOption.ResponseHeadersRead);
        var (length, _) = await BodyCounter.DrainAsync(await response.Content.ReadAsStreamAsync(), TimeSpan.FromSeconds(1));

        Assert.Equal(256L * Payload.Mebibyte, length);
        AssertBoundedMemory(gantry);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Write_256MiBToSlowClient_ResponseCompleteWithBoundedMemory()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase, Timeout = TimeSpan.FromSeconds(60) };

        // write() cannot suspend the app the way a generator can: the server must still not buffer 256 MiB.
        using var response = await client.GetAsync("write?mib=256&tail=END", HttpCompletionOption.ResponseHeadersRead);
        var (length, _) = await BodyCounter.DrainAsync(await response.Content.ReadAsStreamAsync(), TimeSpan.FromSeconds(1));

        Assert.Equal(256L * Payload.Mebibyte + 3, length);
        AssertBoundedMemory(gantry);
        OutputAssert.NoTraceback(gantry);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FileWrapper_RealFile_ServedWholeAndFileClosed(bool declareLength)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        const long size = 48L * Payload.Mebibyte + 123;
        var file = await Payload.WriteFileAsync(records.Combine("served.bin"), size);
        await using var gantry = await ProbeServer.StartAsync(records);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase, Timeout = TimeSpan.FromSeconds(60) };

        var target = $"raw/file-wrapper?path={Uri.EscapeDataString(file)}&length={(declareLength ? 1 : 0)}";
        using var response = await client.GetAsync(target, HttpCompletionOption.ResponseHeadersRead);
        var (length, sha256) = await BodyCounter.DrainAsync(await response.Content.ReadAsStreamAsync());

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(size, length);
        Assert.Equal(Payload.Sha256Hex(size), sha256);
        if (declareLength)
        {
            Assert.Equal(size, response.Content.Headers.ContentLength);
        }

        // PEP 3333 "Optional Platform-Specific File Handling": the wrapper's close() closes the file.
        await RecordFile.WaitForLineAsync(records.Combine("file-closed"), "closed", TimeSpan.FromSeconds(10));
        AssertBoundedMemory(gantry);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task FileWrapper_SmallFileOnKeepAliveConnection_NextRequestUnaffected()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        var file = records.WriteFile("small.txt", "a small file\n");
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync($"GET /raw/file-wrapper?path={Uri.EscapeDataString(file)} HTTP/1.1\r\nHost: x\r\n\r\n");
        var first = await probe.ReadResponseAsync();
        await probe.SendAsync("GET /status?code=201 HTTP/1.1\r\nHost: x\r\n\r\n");
        var second = await probe.ReadResponseAsync();

        Assert.Equal("a small file\n", first.BodyText);
        Assert.Equal((201, "status 201"), (second.StatusCode, second.BodyText));
        OutputAssert.NoTraceback(gantry);
    }

    private static void AssertBoundedMemory(GantryProcess gantry)
    {
        var peak = ProcessMemory.PeakResidentBytes(gantry.Pid);
        Assert.True(peak < PeakResidentLimit, $"gantry's peak RSS (VmHWM) reached {peak / Payload.Mebibyte} MiB");
    }
}
