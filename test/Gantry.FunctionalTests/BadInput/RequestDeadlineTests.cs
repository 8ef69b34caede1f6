using System.Net.Sockets;
using System.Text;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.BadInput;

/// <summary>
/// Deadlines and limits for clients that hold a connection without finishing anything (issue 15 §5): a head that
/// trickles in (http-headers-timeout, 408), a body slower than min-body-rate (408), an idle keep-alive connection
/// (http-timeout), and the process's connection cap (max-connections: further clients wait in the backlog until a
/// connection closes). Each trickle sends a byte a second, under socket-timeout's 4 s of silence, so only the new
/// deadline can end it.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class RequestDeadlineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Trickle = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task TricklingHead_PastTheHeadTimeout_Answered408AndClosed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--http-headers-timeout", "3");
        var head = Encoding.ASCII.GetBytes("GET /status HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaa\r\n\r\n");

        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
        var sent = await TrickleUntilClosedAsync(probe, head);

        Assert.True(sent < head.Length, "the whole head trickled in without the deadline ending it");
        var answer = Encoding.ASCII.GetString(await probe.ReadToEndAsync());
        Assert.StartsWith("HTTP/1.1 408 Request Timeout\r\n", answer);
        await gantry.WaitForOutputAsync("its request head did not arrive within 3 s", Patience);
        await AssertStillServesAsync(gantry);
    }

    [Fact]
    public async Task SlowBody_UnderTheMinimumRate_Answered408AndNeverReachesTheApp()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--min-body-rate", "1000");

        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
        await probe.SendAsync("POST /input?record=slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
        var sent = await TrickleUntilClosedAsync(probe, new byte[40]);

        Assert.True(sent < 40, "40 s of a 1 byte/s body went by without the rate limit ending it");
        var answer = Encoding.ASCII.GetString(await probe.ReadToEndAsync());
        Assert.StartsWith("HTTP/1.1 408 Request Timeout\r\n", answer);
        await gantry.WaitForOutputAsync("under min-body-rate 1000 bytes/s", Patience);
        Assert.False(File.Exists(records.Combine("slow")), "the application saw the slow request");
        await AssertStillServesAsync(gantry);
    }

    [Fact]
    public async Task FastBody_AboveTheMinimumRate_Served()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--min-body-rate", "100");

        // 7 s at 200 bytes/s: past the 5 s grace, above the minimum.
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
        await probe.SendAsync("POST /status HTTP/1.1\r\nHost: x\r\nContent-Length: 1400\r\nConnection: close\r\n\r\n");
        for (var second = 0; second < 7; second++)
        {
            await probe.SendAsync(new byte[200]);
            await Task.Delay(Trickle);
        }

        var answer = Encoding.ASCII.GetString(await probe.ReadToEndAsync());
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer);
    }

    [Fact]
    public async Task IdleKeepAlive_PastHttpTimeout_Closed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--http-timeout", "1");

        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
        await probe.SendAsync("GET /status HTTP/1.1\r\nHost: x\r\n\r\n");
        await probe.WaitForBytesAsync("status 200");

        Assert.True(await probe.IsClosedByServerAsync(TimeSpan.FromSeconds(10)), "an idle keep-alive connection outlived http-timeout 1 by 10 s");
    }

    [Fact]
    public async Task MaxConnections_Reached_NextClientWaitsUntilOneCloses()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records, "--max-connections", "2", "--socket-timeout", "60");

        var holders = new[] { await HttpProbe.ConnectAsync(gantry.Addresses[0]), await HttpProbe.ConnectAsync(gantry.Addresses[0]) };
        try
        {
            foreach (var holder in holders)
            {
                await holder.SendAsync("GET /status HTTP/1.1\r\nHost: x\r\n\r\n");
                await holder.WaitForBytesAsync("status 200");
            }
            await using var waiting = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
            await waiting.SendAsync("GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            await gantry.WaitForOutputAsync("max-connections 2 reached", Patience);
            // Both connections are still held: the third is in the backlog, unanswered.
            waiting.ReadTimeout = TimeSpan.FromSeconds(1);
            await Assert.ThrowsAsync<TimeoutException>(() => waiting.WaitForBytesAsync("status 200"));

            await holders[0].DisposeAsync();
            waiting.ReadTimeout = Patience;
            await waiting.WaitForBytesAsync("status 200");
        }
        finally
        {
            foreach (var holder in holders)
            {
                await holder.DisposeAsync();
            }
        }
    }

    /// <summary>Sends <paramref name="bytes"/> one a second until the server closes; returns how many it took.</summary>
    private static async Task<int> TrickleUntilClosedAsync(HttpProbe probe, byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            try
            {
                await probe.SendAsync(bytes.AsMemory(i, 1));
            }
            catch (Exception failure) when (failure is SocketException or IOException)
            {
                return i;
            }
            if (await probe.IsClosedByServerAsync(Trickle))
            {
                return i + 1;
            }
        }
        return bytes.Length;
    }

    private static async Task AssertStillServesAsync(GantryProcess gantry)
    {
        var next = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, next.StatusCode);
        OutputAssert.NoTraceback(gantry);
    }
}
