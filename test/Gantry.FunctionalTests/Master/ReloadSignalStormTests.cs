using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Master;

/// <summary>
/// A master re-executing itself starts a new image whose signal dispositions are the defaults until its handlers are
/// installed; a SIGHUP landing then (logrotate's HUP during a deploy's reload, two operators) used to kill the master.
/// The master now blocks its signals across the exec and handles what arrived once it is ready again.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class ReloadSignalStormTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sighup_RepeatedEvery10msThroughTheReexec_MasterSurvivesServesAndStops()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(MasterArguments.With("--processes", "1"));
        var from = gantry.LineCount;

        for (var i = 0; i < 60; i++)
        {
            gantry.Signal(Signum.SIGHUP);
            await Task.Delay(10);
        }
        await gantry.WaitForOutputAsync("binary reloading gantry...", Wait, from);
        Assert.False(gantry.HasExited, "the master died during the reloads:\n" + gantry.Output);

        // Pending SIGHUPs may still cause a reload or two: wait until it answers.
        using var client = new HttpClient { BaseAddress = gantry.HttpBase, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + Wait;
        string? body = null;
        while (body is null && DateTime.UtcNow < deadline && !gantry.HasExited)
        {
            try
            {
                body = await client.GetStringAsync("/");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        Assert.False(gantry.HasExited, "the master died during the reloads:\n" + gantry.Output);
        Assert.NotNull(body);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }
}
