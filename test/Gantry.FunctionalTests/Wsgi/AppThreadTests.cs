using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>Threads the app starts keep running while the server waits: the GIL is released whenever the loop waits.</summary>
[Collection(GantryCollection.Name)]
public sealed class AppThreadTests
{
    [Fact]
    public async Task AppThread_ServerIdleBetweenRequests_KeepsTicking()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        // The probe's thread ticks every 10 ms: about 30 ticks in 300 ms of idle server, and none, however long the
        // idle time, if the GIL stayed held while idle. Too few ticks (a loaded machine) and the next idle time is
        // twice as long, up to 9.6 s (18.9 s in all).
        var idle = TimeSpan.FromMilliseconds(300);
        int ticked;
        while (true)
        {
            var before = await TicksAsync(client);
            await Task.Delay(idle);
            ticked = await TicksAsync(client) - before;
            if (ticked >= 10 || idle >= TimeSpan.FromSeconds(9.6))
            {
                break;
            }
            idle *= 2;
        }

        Assert.True(ticked >= 10, $"the app's thread ticked {ticked} times in {idle.TotalMilliseconds} ms of idle server");
        OutputAssert.NoTraceback(gantry);
    }

    private static async Task<int> TicksAsync(HttpClient client)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("ticks"));
        return document.RootElement.GetProperty("ticks").GetInt32();
    }
}
