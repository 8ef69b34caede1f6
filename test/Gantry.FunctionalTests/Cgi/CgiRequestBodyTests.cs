using System.Security.Cryptography;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// Request bodies on their way to a script's stdin: one the script never reads (larger than a pipe holds), one the
/// client sends chunked (the script gets CONTENT_LENGTH), one behind <c>Expect: 100-continue</c>.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class CgiRequestBodyTests(CgiGantryFixture fixture) : IClassFixture<CgiGantryFixture>
{
    [Fact]
    public async Task LargeBody_ScriptNeverReadsIt_AnsweredAnyway()
    {
        var body = RandomNumberGenerator.GetBytes(1_000_000);

        var answer = await CgiClient.AskAsync(fixture.Http, "POST", "/cgi-bin/hello.cgi", "Content-Type: application/octet-stream\r\n", body);

        Assert.Equal(new CgiAnswer(200, "text/plain", null, "hello\n"), answer);
    }

    [Fact]
    public async Task ChunkedBody_ScriptReadsContentLengthBytes()
    {
        var body = RandomNumberGenerator.GetBytes(300_000);
        await using var probe = await HttpProbe.ConnectAsync(fixture.Http);

        await probe.SendAsync("POST /cgi-bin/echo.py HTTP/1.1\r\nHost: cgi.test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        for (var offset = 0; offset < body.Length; offset += 100_000)
        {
            await probe.SendAsync($"{100_000:x}\r\n");
            await probe.SendAsync(body.AsMemory(offset, 100_000));
            await probe.SendAsync("\r\n");
        }
        await probe.SendAsync("0\r\n\r\n");
        var response = await probe.ReadResponseAsync();

        Assert.Equal((200, "300000"), (response.StatusCode, response.Header("X-Received")));
        Assert.True(body.AsSpan().SequenceEqual(response.Body), $"echoed {response.Body.Length} bytes, not the {body.Length} sent");
    }

    [Fact]
    public async Task ExpectContinue_InterimThenTheScriptsAnswer()
    {
        await using var probe = await HttpProbe.ConnectAsync(fixture.Http);

        await probe.SendAsync("POST /cgi-bin/echo.py HTTP/1.1\r\nHost: cgi.test\r\nExpect: 100-continue\r\nContent-Length: 5\r\nConnection: close\r\n\r\n");
        await probe.WaitForBytesAsync("100 Continue");
        await probe.SendAsync("hello");
        var response = await probe.ReadResponseAsync();

        Assert.Equal([100], response.InterimStatusCodes);
        Assert.Equal((200, "hello"), (response.StatusCode, response.BodyText));
    }
}
