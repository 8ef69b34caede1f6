using System.Text;
using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>wsgi.input (PEP 3333 "Input and Error Streams"): read(n), read(), readline(), readlines(), iteration.</summary>
[Collection(GantryCollection.Name)]
public sealed class InputTests
{
    private const string Body = "line one\nline two\n\nlast";

    public static TheoryData<string, string[]> Modes => new()
    {
        { "/input?mode=read-n&n=4", ["line", " one", "\nlin", "e tw", "o\n\nl", "ast"] },
        { "/input?mode=read-n&n=1000", [Body] },
        { "/input?mode=read-minus-one", [Body] },
        { "/raw/input?mode=read-all", [Body, ""] },
        { "/raw/input?mode=read-none", [Body] },
        { "/input?mode=readline", ["line one\n", "line two\n", "\n", "last"] },
        { "/input?mode=readline-n&n=4", ["line", " one", "\n", "line", " two", "\n", "\n", "last"] },
        { "/input?mode=readlines", ["line one\n", "line two\n", "\n", "last"] },
        { "/input?mode=iterate", ["line one\n", "line two\n", "\n", "last"] },
        { "/input?mode=mixed", ["lin", "e one\n", "line two\n", "\n", "last"] },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Input_ContentLengthBody_EachReadMethodReturnsTheBodyInOrder(string target, string[] expected)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0],
            $"POST {target} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n{Body}");

        Assert.Equal(expected, Pieces(response));
        OutputAssert.NoTraceback(gantry);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Input_ChunkedBody_EachReadMethodReturnsTheDecodedBody(string target, string[] expected)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        // The body in three chunks, one with a chunk extension, then a trailer field (RFC 9112 §7.1).
        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0],
            $"POST {target} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + "7\r\nline on\r\n3;note=x\r\ne\nl\r\nd\r\nine two\n\nlast\r\n0\r\nX-Trailer: t\r\n\r\n");

        Assert.Equal(expected, Pieces(response));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Input_ReadlinesWithHint_StopsAfterTheLineThatReachesIt()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0],
            $"POST /input?mode=readlines-hint&n=10 HTTP/1.1\r\nHost: x\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n{Body}");

        // io.IOBase.readlines(hint): no more lines once the total size so far exceeds hint (9 + 9 > 10).
        Assert.Equal(["line one\n", "line two\n"], Pieces(response));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Input_NoBody_ReadsReturnEmpty()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var readN = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /input?mode=read-n&n=4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var lines = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /input?mode=readlines HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Empty(Pieces(readN));
        Assert.Empty(Pieces(lines));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Input_BinaryBodyWithEveryByteValue_ReadBackUnchanged()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        var body = Enumerable.Range(0, 256).Select(value => (byte)value).ToArray();
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync($"POST /input?mode=read-n&n=100 HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\n\r\n");
        await probe.SendAsync(body);
        var response = await probe.ReadResponseAsync();

        Assert.Equal(Encoding.Latin1.GetString(body), string.Concat(Pieces(response)));
        OutputAssert.NoTraceback(gantry);
    }

    private static string[] Pieces(HttpProbeResponse response)
    {
        Assert.True(response.StatusCode == 200, "the /input route did not answer 200:\n" + response);
        using var document = JsonDocument.Parse(response.Body);
        return document.RootElement.GetProperty("pieces").EnumerateArray().Select(piece => piece.GetString()!).ToArray();
    }
}
