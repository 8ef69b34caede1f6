using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Asgi;

/// <summary>A client that leaves: mid-body, while the app waits, mid-response. The app learns it and the worker serves on.</summary>
[Collection(GantryCollection.Name)]
public sealed class AsgiDisconnectTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task WhileTheAppWaits_ReceiveGivesHttpDisconnect()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);

        await using (var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]))
        {
            await probe.SendAsync("GET /wait-disconnect?token=w HTTP/1.1\r\nHost: x\r\n\r\n");
            await WaitForRequestInAppAsync(gantry);
        }

        await RecordFile.WaitForLineAsync(records.Combine("disconnect"), "disconnected w", Deadline);
        Assert.Equal(200, (await AsgiProbeServer.GetAsync(gantry, "/")).StatusCode);
    }

    [Fact]
    public async Task MidBody_ReceiveGivesHttpDisconnect()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);

        await using (var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]))
        {
            await probe.SendAsync("POST /wait-disconnect?token=b HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly a part");
            await WaitForRequestInAppAsync(gantry);
        }

        await RecordFile.WaitForLineAsync(records.Combine("disconnect"), "disconnected b", Deadline);
    }

    [Fact]
    public async Task MidResponse_SendRaisesAnOSError()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);

        await using (var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]))
        {
            await probe.SendAsync("GET /stream-until-gone?token=s HTTP/1.1\r\nHost: x\r\n\r\n");
            await probe.WaitForBytesAsync("xxxx");
        }

        await RecordFile.WaitForLineAsync(records.Combine("disconnect"), "gone s ClientDisconnected", Deadline);
        Assert.Equal(200, (await AsgiProbeServer.GetAsync(gantry, "/")).StatusCode);
    }

    [Fact]
    public async Task ApplicationCloseTimeout_AppIgnoresTheDisconnect_TaskCancelled()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records, "--asgi-close-timeout", "1");

        await using (var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]))
        {
            await probe.SendAsync("GET /ignore-disconnect?token=c HTTP/1.1\r\nHost: x\r\n\r\n");
            await WaitForRequestInAppAsync(gantry);
        }

        await RecordFile.WaitForLineAsync(records.Combine("disconnect"), "cancelled c", Deadline);
        await OutputAssert.LogsAsync(gantry, "cancelled (application-close-timeout)");
        Assert.Equal(200, (await AsgiProbeServer.GetAsync(gantry, "/")).StatusCode);
    }

    /// <summary>The app has the request once the scope was built; the probe gives no sign, so a /state request on a second
    /// connection (served by the same loop after the first was dispatched) orders them.</summary>
    private static async Task WaitForRequestInAppAsync(GantryProcess gantry) =>
        await AsgiProbeServer.GetAsync(gantry, "/state");
}
