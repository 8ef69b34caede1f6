using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// A script killed mid-response (issue 15 §7): its stdout closes as if it had finished, so the exchange waits for its
/// end and cuts the response of one killed by a signal (no last chunk: the client sees it incomplete, where uWSGI ends
/// it as if whole), logs the signal, and the next request is served. One that exits with an error status after
/// writing its response is not cut.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class CgiScriptDiesTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ScriptKilledAfterItsFirstLine_ResponseCutAndLogged_NextRequestServed()
    {
        using var site = new CgiSite("cgidies");
        await using var gantry = await site.StartGantryAsync();

        for (var round = 0; round < 3; round++)
        {
            await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
            await probe.SendAsync("GET /cgi-bin/dies.cgi HTTP/1.1\r\nHost: cgi.test\r\n\r\n");
            HttpProbeResponse? whole = null;
            var failure = await Record.ExceptionAsync(async () => whole = await probe.ReadResponseAsync());

            // Whether the head had gone out when the script's end was seen depends on how its output arrived: either
            // the response is cut, or nothing had left and the answer is a 500. Never a whole-looking 200.
            Assert.True(failure is EndOfStreamException or System.Net.Sockets.SocketException || whole?.StatusCode == 500,
                $"round {round}: expected a cut response or a 500, got {failure?.ToString() ?? $"a whole {whole?.StatusCode}"}\n{gantry.Output}");
        }
        await gantry.WaitForOutputAsync(@"dies\.cgi: killed by signal 9 before its output ended; (the response is cut|answered 500)", Settle);

        var after = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /cgi-bin/hello.cgi HTTP/1.1\r\nHost: cgi.test\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, after.StatusCode);
        Assert.True(await ProcessTable.EventuallyAsync(() => ProcessTable.ChildrenOf(gantry.Pid).Count == 0, Settle),
            $"gantry still has children: {string.Join("; ", ProcessTable.ChildrenOf(gantry.Pid))}");
    }

    [Fact]
    public async Task ScriptExitsWithStatus3AfterItsOutput_ResponseComplete()
    {
        using var site = new CgiSite("cgiexit3");
        await using var gantry = await site.StartGantryAsync();

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /cgi-bin/dies.cgi?exit HTTP/1.1\r\nHost: cgi.test\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("first\n", response.BodyText);
        Assert.DoesNotContain("killed by signal", gantry.Output, StringComparison.Ordinal);
    }
}
