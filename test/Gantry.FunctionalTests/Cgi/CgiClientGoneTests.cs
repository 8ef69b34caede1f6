using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// A client that resets its connection in the middle of a script's response: the script (which would write forever)
/// is killed with its group and reaped, and its descriptors are closed, whether gantry learns of the reset from the
/// loop while it waits or from a failed send while it passes output on.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class CgiClientGoneTests
{
    private const int Clients = 20;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ClientResetsMidResponse_TwentyTimes_EveryScriptKilledAndReaped()
    {
        using var site = new CgiSite("cgigone");
        await using var gantry = await site.StartGantryAsync();
        var endPoint = gantry.Addresses[0].ToEndPoint();

        for (var i = 0; i < Clients; i++)
        {
            Assert.Null(await CgiClient.ResetMidResponseAsync(endPoint, "/cgi-bin/endless.cgi", 16 * 1024));
        }

        var gone = await ProcessTable.EventuallyAsync(() => ProcessTable.ChildrenOf(gantry.Pid).Count == 0, Settle);
        var left = ProcessTable.ChildrenOf(gantry.Pid);
        var descriptors = ProcessTable.OpenDescriptors(gantry.Pid);
        Assert.True(gone, $"{left.Count} of {Clients} scripts still run {Settle.TotalSeconds:0} s after their client left: "
            + $"{string.Join("; ", left)}\ngantry holds {descriptors.Count(d => d.Contains("pipe:", StringComparison.Ordinal))} pipes and "
            + $"{descriptors.Count(d => d.Contains("pidfd", StringComparison.Ordinal))} pidfds\n{gantry.Output}");
        Assert.DoesNotContain(descriptors, descriptor => descriptor.Contains("pidfd", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ClientLeavesWhileTheScriptIsSilent_ItsProcessGroupIsKilled(bool reset)
    {
        using var site = new CgiSite("cgigonesilent");
        await using var gantry = await site.StartGantryAsync();
        var id = Guid.NewGuid().ToString("N");
        var marker = site.Marker("hang-" + id);

        await using (var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]))
        {
            await probe.SendAsync($"GET /cgi-bin/hang.cgi?id={id} HTTP/1.1\r\nHost: cgi.test\r\n\r\n");
            Assert.True(await ProcessTable.EventuallyAsync(() => File.Exists(marker), Settle), "hang.cgi never started\n" + gantry.Output);
            if (reset)
            {
                probe.Socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            }
        }
        var group = int.Parse(File.ReadAllText(marker).Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(await ProcessTable.EventuallyAsync(() => ProcessTable.LiveMembersOf(group).Count == 0, Settle),
            $"process group {group} still has: {string.Join("; ", ProcessTable.LiveMembersOf(group))}\n{gantry.Output}");
        Assert.True(await ProcessTable.EventuallyAsync(() => ProcessTable.ChildrenOf(gantry.Pid).Count == 0, Settle),
            $"gantry still has children: {string.Join("; ", ProcessTable.ChildrenOf(gantry.Pid))}");
        await gantry.WaitForOutputAsync("hang.cgi: the client went away; killed with its process group", Settle);
    }
}
