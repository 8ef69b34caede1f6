using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>
/// Large request bodies: streamed by the client, read by the app in 64 KiB pieces and hashed, while gantry's peak RSS
/// stays far below the body's size (it spools to a file, it does not hold the upload in memory).
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class UploadTests
{
    private const long UploadLength = 100L * Payload.Mebibyte;

    // Gantry with Python idles near 25 MiB; an upload held in memory would add 100 MiB.
    private const long PeakResidentLimit = 64L * Payload.Mebibyte;

    private static readonly Lazy<string> ExpectedSha256 = new(() => Payload.Sha256Hex(UploadLength));

    [Fact]
    public async Task Upload_100MiBChunkedFromHttpClient_AppHashesItWithBoundedMemory()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase, Timeout = TimeSpan.FromSeconds(60) };

        using var response = await client.PostAsync("upload", new PayloadContent(UploadLength, chunked: true));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, text);
        using var answer = JsonDocument.Parse(text);
        Assert.Equal(UploadLength, answer.RootElement.GetProperty("length").GetInt64());
        Assert.Equal(ExpectedSha256.Value, answer.RootElement.GetProperty("sha256").GetString());
        AssertBoundedMemory(gantry);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Upload_100MiBFileFromCurl_ExpectContinueAnsweredAndBodyHashed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        var file = await Payload.WriteFileAsync(records.Combine("upload.bin"), UploadLength);
        await using var gantry = await ProbeServer.StartAsync(records);

        // curl sends "Expect: 100-continue" for bodies over 1 MiB and waits for the interim 100 (RFC 9110 §10.1.1).
        var curl = await Curl.RunAsync(["-sS", "-v", "--data-binary", "@" + file, "-H", "Content-Type: application/octet-stream",
            new Uri(gantry.HttpBase, "upload").ToString()]);

        Assert.True(curl.ExitCode == 0, curl.StandardError);
        Assert.Contains("> Expect: 100-continue", curl.StandardError, StringComparison.Ordinal);
        Assert.Contains("< HTTP/1.1 100 Continue", curl.StandardError, StringComparison.Ordinal);
        using var answer = JsonDocument.Parse(curl.StandardOutput);
        Assert.Equal(UploadLength, answer.RootElement.GetProperty("length").GetInt64());
        Assert.Equal(ExpectedSha256.Value, answer.RootElement.GetProperty("sha256").GetString());
        Assert.Equal("104857600", answer.RootElement.GetProperty("content_length").GetString());
        AssertBoundedMemory(gantry);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Upload_100MiBChunkedFromCurlStdin_AppHashesIt()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var curl = await Curl.RunAsync(
            ["-sS", "-T", "-", "-X", "POST", "-H", "Transfer-Encoding: chunked", new Uri(gantry.HttpBase, "upload").ToString()],
            stdin => Payload.WriteAsync(stdin, UploadLength));

        Assert.True(curl.ExitCode == 0, curl.StandardError);
        using var answer = JsonDocument.Parse(curl.StandardOutput);
        Assert.Equal(ExpectedSha256.Value, answer.RootElement.GetProperty("sha256").GetString());
        AssertBoundedMemory(gantry);
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task ExpectContinue_HeadAlone_Interim100SentBeforeTheBody()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
        var interim = await ReceiveInterimAsync(probe.Socket);
        await probe.SendAsync("hello");
        var response = await probe.ReadResponseAsync();

        Assert.StartsWith("HTTP/1.1 100 Continue\r\n", interim, StringComparison.Ordinal);
        Assert.Equal(200, response.StatusCode);
        Assert.Contains("\"length\": 5", response.BodyText, StringComparison.Ordinal);
        OutputAssert.NoTraceback(gantry);
    }

    private static void AssertBoundedMemory(GantryProcess gantry)
    {
        var peak = ProcessMemory.PeakResidentBytes(gantry.Pid);
        Assert.True(peak < PeakResidentLimit, $"gantry's peak RSS (VmHWM) reached {peak / Payload.Mebibyte} MiB for a 100 MiB body");
    }

    /// <summary>Reads, straight off the socket, the bytes of one interim response up to its blank line.</summary>
    private static async Task<string> ReceiveInterimAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new StringBuilder();
        var one = new byte[1];
        while (!received.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await socket.ReceiveAsync(one, SocketFlags.None, timeout.Token) == 0)
            {
                Assert.Fail("the connection closed before an interim response; received: " + received);
            }

            received.Append((char)one[0]);
        }

        return received.ToString();
    }
}
