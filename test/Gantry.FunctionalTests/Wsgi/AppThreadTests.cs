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

        var before = await TicksAsync(client);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var after = await TicksAsync(client);

        // The probe's thread appends every 10 ms: about 30 ticks in 300 ms; a GIL held while idle would give none.
        Assert.True(after - before >= 10, $"the app's thread ticked {after - before} times in 300 ms of idle server");
        OutputAssert.NoTraceback(gantry);
    }

    private static async Task<int> TicksAsync(HttpClient client)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync("ticks"));
        return document.RootElement.GetProperty("ticks").GetInt32();
    }
}
