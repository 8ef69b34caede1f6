using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// <c>--cgi-timeout 1</c>: a script silent for a second is killed with its whole process group (what it forked too)
/// and answered 504, or its response is cut when its head already went; gantry reaps it.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class CgiTimeoutTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task HangingScriptWithGrandchild_Timeout_504AndItsProcessGroupIsGone()
    {
        using var site = new CgiSite("cgitimeout");
        await using var gantry = await site.StartGantryAsync("--cgi-timeout", "1");
        var id = Guid.NewGuid().ToString("N");
        var marker = site.Marker("hang-" + id);

        var request = CgiClient.AskAsync(gantry.Addresses[0].ToEndPoint(), "GET", $"/cgi-bin/hang.cgi?id={id}");
        Assert.True(await ProcessTable.EventuallyAsync(() => File.Exists(marker), Settle), "hang.cgi never started\n" + gantry.Output);
        var pids = File.ReadAllText(marker).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var (script, grandchild, group) = (int.Parse(pids[0], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(pids[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(pids[2], System.Globalization.CultureInfo.InvariantCulture));
        var answer = await request;

        Assert.Equal(script, group);
        Assert.Equal(new CgiAnswer(504, "text/plain", null, "Gateway Timeout"), answer);
        Assert.True(await ProcessTable.EventuallyAsync(() => ProcessTable.LiveMembersOf(group).Count == 0, Settle),
            $"process group {group} (script {script}, grandchild {grandchild}) still has: {string.Join("; ", ProcessTable.LiveMembersOf(group))}");
        Assert.True(await ProcessTable.EventuallyAsync(() => ProcessTable.ChildrenOf(gantry.Pid).Count == 0, Settle),
            $"gantry still has children: {string.Join("; ", ProcessTable.ChildrenOf(gantry.Pid))}");
        await gantry.WaitForOutputAsync("hang.cgi: timeout: ", Settle);
    }

    [Fact]
    public async Task ScriptSilentAfterItsFirstBlock_Timeout_ResponseCutNotCompleted()
    {
        using var site = new CgiSite("cgitimeoutcut");
        await using var gantry = await site.StartGantryAsync("--cgi-timeout", "1");
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        // No go file ever comes: after "first" the script is silent (up to 20 s), so the timeout strikes after the head.
        await probe.SendAsync($"GET /cgi-bin/stream.cgi?id={Guid.NewGuid():N} HTTP/1.1\r\nHost: cgi.test\r\n\r\n");
        var failure = await Record.ExceptionAsync(() => probe.ReadResponseAsync());

        Assert.True(failure is EndOfStreamException or System.Net.Sockets.SocketException,
            $"expected a cut response, got {failure?.ToString() ?? "a whole one"}\n{gantry.Output}");
        Assert.True(await ProcessTable.EventuallyAsync(() => ProcessTable.ChildrenOf(gantry.Pid).Count == 0, Settle),
            $"gantry still has children: {string.Join("; ", ProcessTable.ChildrenOf(gantry.Pid))}");
        await gantry.WaitForOutputAsync("the response is cut", Settle);
    }
}
