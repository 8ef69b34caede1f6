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
}
