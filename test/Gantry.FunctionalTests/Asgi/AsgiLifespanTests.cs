using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Asgi;

/// <summary>ASGI lifespan 2.0 per worker: startup before serving, its state in every scope, shutdown on stop; a failed
/// startup stops the worker with the app's message and exit 22, which the master does not respawn.</summary>
[Collection(GantryCollection.Name)]
public sealed class AsgiLifespanTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Lifespan_StartupStateAndShutdown_InOrder()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        var gantry = await AsgiProbeServer.StartAsync(records);
        int pid;
        await using (gantry)
        {
            using var client = new HttpClient { BaseAddress = gantry.HttpBase };
            using var state = JsonDocument.Parse(await client.GetStringAsync("/state"));
            Assert.Equal("yes", state.RootElement.GetProperty("started").GetString());
            pid = state.RootElement.GetProperty("pid").GetInt32();
            Assert.Equal(0, await gantry.StopAsync());
        }

        Assert.Equal([$"startup {pid}", $"shutdown {pid}"], RecordFile.Lines(records.Combine("lifespan")));
        await OutputAssert.LogsAsync(gantry, "ASGI lifespan: shutdown complete");
    }

    [Fact]
    public async Task Lifespan_Off_NoLifespanEventsAndNoState()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records, "--asgi-lifespan", "off");
        using var client = new HttpClient { BaseAddress = gantry.HttpBase };

        Assert.Equal("{}", await client.GetStringAsync("/state"));
        Assert.Empty(RecordFile.Lines(records.Combine("lifespan")));
    }

    [Fact]
    public async Task StartupFailed_SingleProcess_Exit22WithTheAppsMessage()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = AsgiProbeServer.StartCommand(records,
            new Dictionary<string, string?> { ["GANTRY_PROBE_LIFESPAN_FAIL"] = "database-unreachable-marker" }, "-p", "0", "asgi_probe:app");

        Assert.Equal(22, await gantry.WaitForExitAsync(Deadline));
        Assert.Contains("ASGI lifespan startup failed: database-unreachable-marker", gantry.Output);
    }

    [Fact]
    public async Task StartupFailed_UnderTheMaster_InstanceStopsWith22WithoutRespawning()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = AsgiProbeServer.StartCommand(records,
            new Dictionary<string, string?> { ["GANTRY_PROBE_LIFESPAN_FAIL"] = "database-unreachable-marker" },
            "-p", "0", "--workers", "2", "asgi_probe:app");

        Assert.Equal(22, await gantry.WaitForExitAsync(Deadline));
        Assert.Contains("failed during start-up (exit code 22): giving up", gantry.Output);
        Assert.DoesNotContain("respawned", gantry.Output);
    }
}
