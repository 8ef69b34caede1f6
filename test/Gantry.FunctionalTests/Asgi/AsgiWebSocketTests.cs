using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Asgi;

/// <summary>
/// ASGI WebSocket on the HTTP front with a real client (python3-websockets): a raw echo app (Apps/asgi_websocket.py) and a
/// Starlette endpoint; the handshake, messages, close codes both ways, limits, refusals and bad upgrades.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class AsgiWebSocketTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private const string Upgrade =
        "GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";

    private const string Key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    [Fact]
    public async Task Echo_TextBytesPingSubprotocolAndHeaders()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        var lines = await WebSocketClient.RunAsync(gantry, "echo");

        Assert.Equal(["subprotocol chat", "header ws", "text héllo wörld", "bytes 0001ff", "pong"], lines);
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1000", Deadline);
    }

    [Fact]
    public async Task FragmentedLargeMessage_ReassembledAndEchoed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        Assert.Equal(["fragmented 600000 True"], await WebSocketClient.RunAsync(gantry, "fragmented"));
    }

    [Fact]
    public async Task AppCloses_ClientGetsItsCodeAndReason()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        Assert.Equal(["closed 4001 bye from the app"], await WebSocketClient.RunAsync(gantry, "server-close"));
    }

    [Fact]
    public async Task ClientCloses_AppSeesDisconnectWithCodeAndReason()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        Assert.Equal(["client closed 4002"], await WebSocketClient.RunAsync(gantry, "client-close"));
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 4002 client done", Deadline);
    }

    [Fact]
    public async Task ClientGoesAway_AppSeesDisconnect1006()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        Assert.Equal(["dropped"], await WebSocketClient.RunAsync(gantry, "drop"));
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1006", Deadline);
    }

    [Fact]
    public async Task MessageOverMaxSize_Closed1009()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        Assert.Equal(["closed 1009 "], await WebSocketClient.RunAsync(gantry, "too-big"));
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1009", Deadline);
    }

    [Fact]
    public async Task PermessageDeflate_PythonWebsocketsOffers_NegotiatedAndMessagesRoundTripCompressed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        var lines = await WebSocketClient.RunAsync(gantry, "deflate");

        Assert.Equal(["extensions permessage-deflate", "round trips True", "compressed True"], lines);
    }

    [Fact]
    public async Task PermessageDeflate_ClientOffersNone_PlainFrames()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        Assert.Equal(["extensions None", "round trips True", "compressed False"], await WebSocketClient.RunAsync(gantry, "plain"));
    }

    [Fact]
    public async Task PermessageDeflate_SwitchedOff_OfferDeclinedAndPlainFramesEcho()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records, "--no-websocket-per-message-deflate");

        Assert.Equal(["extensions None", "round trips True", "compressed False"], await WebSocketClient.RunAsync(gantry, "deflate"));
    }

    [Fact]
    public async Task CompressedBomb_64MiBOfZerosInAFewKB_Closed1009AndTheWorkerServesOn()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        Assert.Equal(["closed 1009 "], await WebSocketClient.RunAsync(gantry, "bomb"));
        await OutputAssert.LogsAsync(gantry, "a compressed message that inflates past 1048576 bytes");
        Assert.Equal(["extensions permessage-deflate", "round trips True", "compressed True"], await WebSocketClient.RunAsync(gantry, "deflate"));
    }

    [Fact]
    public async Task AppRaisesAfterAccept_Closed1011AndTracebackLogged()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        Assert.Equal(["closed 1011 "], await WebSocketClient.RunAsync(gantry, "boom"));
        await OutputAssert.LogsAsync(gantry, "RuntimeError: boom after accept");
        Assert.Equal(200, (await AsgiProbeServer.GetAsync(gantry, "/")).StatusCode);
    }

    [Fact]
    public async Task CloseBeforeAccept_403()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        Assert.Equal(["rejected 403 None"], await WebSocketClient.RunAsync(gantry, "reject"));
    }

    [Fact]
    public async Task DenialResponse_SentAsHttp()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        Assert.Equal(["rejected 401 yes"], await WebSocketClient.RunAsync(gantry, "deny"));
    }

    [Fact]
    public async Task AppSendsMoreThanTheClientReads_SendWaitsThenAllArriveInOrder()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        Assert.Equal(["flood 40 True 1000"], await WebSocketClient.RunAsync(gantry, "flood"));
    }

    [Fact]
    public async Task GracefulStop_OpenWebSocketClosed1001AndTheAppSeesIt()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);
        var client = WebSocketClient.RunAsync(gantry, "hold");
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "open", Deadline);

        gantry.Signal(Signum.SIGTERM);

        Assert.Equal(["closed 1001 server shutting down"], await client);
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1001", Deadline);
        Assert.Equal(0, await gantry.WaitForExitAsync(Deadline));
    }

    [Fact]
    public async Task WebSocketTimeout_OpenPastIt_ServerCloses1000AndTheAppSeesTheDisconnect()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records, "--websocket-timeout", "1");

        Assert.Equal(["closed 1000 "], await WebSocketClient.RunAsync(gantry, "hold"));
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1000", Deadline);
        await OutputAssert.LogsAsync(gantry, "open longer than 1 s (websocket-timeout): closing with 1000");
    }

    [Fact]
    public async Task WebSocketConnectTimeout_AppNeverAccepts_HandshakeRefused403AndTheAppSeesTheDisconnect()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records, "--websocket-connect-timeout", "1");

        Assert.Equal(["rejected 403 None"], await WebSocketClient.RunAsync(gantry, "slow-accept"));
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "before accept websocket.disconnect 1006", Deadline);
        await OutputAssert.LogsAsync(gantry, "neither accepted nor refused by the app within 1 s (websocket-connect-timeout): refused with 403");
        Assert.Equal(["subprotocol chat", "header ws", "text héllo wörld", "bytes 0001ff", "pong"], await WebSocketClient.RunAsync(gantry, "echo"));
    }

    [Fact]
    public async Task DaphneCommandLine_WebSocketTimeouts_BothApplied()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["asgi", "--port", "0", "--websocket_timeout", "1", "--websocket_connect_timeout", "1", "asgi_websocket:app"],
            workingDirectory: TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });

        Assert.Equal(["closed 1000 "], await WebSocketClient.RunAsync(gantry, "hold"));
        Assert.Equal(["rejected 403 None"], await WebSocketClient.RunAsync(gantry, "slow-accept"));
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1000", Deadline);
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "before accept websocket.disconnect 1006", Deadline);
    }

    [Fact]
    public async Task GracefulReload_MasterTwoProcesses_OpenOnesClosed1001NewOnesReachNewWorkers()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records, "--master", "--processes", "2");

        var lines = await WebSocketClient.RunAsync(gantry, "reload", gantry.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(["old closed [1001]", "new ones on new workers True True"], lines);
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1001", Deadline);
    }

    [Fact]
    public async Task HundredConcurrentConnections_OneWorker_AllEchoed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        Assert.Equal(["concurrent 100"], await WebSocketClient.RunAsync(gantry, "concurrent"));
    }

    [Fact]
    public async Task Starlette_WebSocketRoute_Echoes()
    {
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["asgi", "--port", "0", "--app-dir", Path.Combine(TestApps.Folder, "asgiframeworks"), "starlette_ws:app"]);

        Assert.Equal(["text starlette: hi", "bytes 02"], await WebSocketClient.RunAsync(gantry, "starlette"));
    }

    [Theory]
    [InlineData(Upgrade + Key + "Upgrade: websocket\r\n", "Upgrade must be one field")]
    [InlineData(Upgrade + Key + "Connection: upgrade\r\n", "Connection must be one field")]
    [InlineData(Upgrade + Key + Key, "Sec-WebSocket-Key must be one field")]
    [InlineData(Upgrade + "Sec-WebSocket-Key: c2hvcnQ=\r\n", "Sec-WebSocket-Key must be one field")]
    [InlineData(Upgrade + Key + "Content-Length: 5\r\n", "an upgrade request carries no Content-Length or Transfer-Encoding")]
    [InlineData(Upgrade + Key + "Transfer-Encoding: chunked\r\n", "an upgrade request carries no Content-Length or Transfer-Encoding")]
    public async Task BadUpgradeHeaders_400AndLogged(string head, string logged)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(gantry.Addresses[0], head + "\r\n");

        Assert.Equal(400, response.StatusCode);
        await OutputAssert.LogsAsync(gantry, "WebSocket upgrade: " + logged);
    }

    [Fact]
    public async Task OtherUpgrade_AnsweredAsAnOrdinaryRequest()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(records);

        var response = await HttpProbe.ExchangeAsync(
            gantry.Addresses[0], "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade, close\r\n\r\n");

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task WsgiApp_UpgradeRequestIsAnOrdinaryGet()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);

        var upgrade = Upgrade.Replace("/echo", "/environ", StringComparison.Ordinal);
        var valid = await HttpProbe.ExchangeAsync(gantry.Addresses[0], upgrade + Key + "\r\n");
        var repeated = await HttpProbe.ExchangeAsync(gantry.Addresses[0], upgrade + Key + "Upgrade: websocket\r\n\r\n");

        Assert.Equal(200, valid.StatusCode);
        Assert.Contains("HTTP_UPGRADE", System.Text.Encoding.Latin1.GetString(valid.Body), StringComparison.Ordinal);
        Assert.Equal(200, repeated.StatusCode);
    }

    private static Task<GantryProcess> StartAsync(TemporaryDirectory records, params string[] more) =>
        GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--asgi", "asgi_websocket:app", .. more],
            workingDirectory: TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });
}
