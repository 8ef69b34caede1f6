using System.Diagnostics;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// A script that sleeps never holds the loop: ten of them sent at once to a single-process, single-thread gantry all
/// run together. One after another they would take 10 s; the bound of 6 s cannot be missed by a loaded machine that
/// runs them together, and cannot be met by one that runs them in turn.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class CgiConcurrencyTests
{
    private const int Scripts = 10;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task TenSleepingScripts_OneLoopThread_AllAnsweredTogether()
    {
        using var site = new CgiSite("cgiconcurrent");
        await using var gantry = await site.StartGantryAsync("--processes", "1", "--threads", "1");
        var endPoint = gantry.Addresses[0].ToEndPoint();

        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, Scripts).Select(_ => CgiClient.AskAsync(endPoint, "GET", "/cgi-bin/sleep.cgi")));
        clock.Stop();

        Assert.All(answers, answer => Assert.Equal(new CgiAnswer(200, "text/plain", null, "slept\n"), answer));
        Assert.True(clock.Elapsed < Bound,
            $"{Scripts} scripts of 1 s took {clock.Elapsed.TotalSeconds:0.0} s: they did not run at once\n{gantry.Output}");
    }
}
