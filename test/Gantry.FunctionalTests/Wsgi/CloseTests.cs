using System.Net.Sockets;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>
/// PEP 3333: "If the iterable returned by the application has a close() method, the server or gateway must call that
/// method upon completion of the current request, whether the request was completed normally, or terminated early
/// due to an application error during iteration or an early disconnect of the browser."
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class CloseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Close_ResponseCompleted_CalledOnce()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /recording?name=done&mib=3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(3 * Payload.Mebibyte, response.Body.Length);
        await RecordFile.WaitForLineAsync(records.Combine("done"), "closed", Patience);
        Assert.Equal(["started", "closed"], RecordFile.Lines(records.Combine("done")));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Close_HeadRequest_Called()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "HEAD /recording?name=head&mib=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, response.StatusCode);
        await RecordFile.WaitForLineAsync(records.Combine("head"), "closed", Patience);
        OutputAssert.NoTraceback(gantry);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Close_ClientDisconnectsMidResponse_CalledAndServerKeepsServing(bool reset)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        // 64 GiB: the response cannot complete; the client reads a little and goes away (FIN, or RST with linger 0).
        await probe.SendAsync("GET /recording?name=gone&mib=65536 HTTP/1.1\r\nHost: x\r\n\r\n");
        var first = new byte[64 * 1024];
        using (var timeout = new CancellationTokenSource(Patience))
        {
            Assert.True(await probe.Socket.ReceiveAsync(first, SocketFlags.None, timeout.Token) > 0);
        }
        if (reset)
        {
            probe.Socket.LingerState = new LingerOption(true, 0);
        }

        await probe.DisposeAsync();

        await RecordFile.WaitForLineAsync(records.Combine("gone"), "closed", Patience);
        var next = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal((200, "status 200"), (next.StatusCode, next.BodyText));
        OutputAssert.NoTraceback(gantry);
    }

    [Fact]
    public async Task Close_ClientDisconnectsBeforeReading_Called()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        // The request arrives whole, the client half-closes and then closes without reading anything.
        var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
        await probe.SendAsync("GET /recording?name=unread&mib=65536 HTTP/1.1\r\nHost: x\r\n\r\n");
        probe.ShutdownSend();
        await RecordFile.WaitForLineAsync(records.Combine("unread"), "started", Patience);
        await probe.DisposeAsync();

        await RecordFile.WaitForLineAsync(records.Combine("unread"), "closed", Patience);
        var next = await HttpProbe.ExchangeAsync(gantry.Addresses[0], "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, next.StatusCode);
    }
}
