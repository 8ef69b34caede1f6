using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// WebSocket over HTTP/2 (RFC 8441) on an HTTPS socket with <c>--http2</c>: Kestrel advertises
/// SETTINGS_ENABLE_CONNECT_PROTOCOL, an extended CONNECT with <c>:protocol websocket</c> reaches the ASGI app's
/// websocket scope, and the frames on the stream are handled by the same channel as on HTTP/1.1. Clients: Debian's
/// python3-h2 driving the CONNECT by hand with python3-websockets' framing (Apps/h2_websocket_client.py), and headless
/// Chromium opening wss:// from a page it loaded over h2.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class Http2WebSocketTests
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(90);

    private static Task<GantryProcess> StartAsync(TestCertificates certificates, TemporaryDirectory records, params string[] more) =>
        GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", "--http2", .. more],
            TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });

    private static Task<GantryProcess> StartAsgiAsync(TestCertificates certificates, TemporaryDirectory records, params string[] more) =>
        StartAsync(certificates, records, ["--asgi", "asgi_websocket:app", .. more]);

    private static int HttpsPort(GantryProcess gantry) => gantry.Addresses.First(address => address.Scheme == "https").Port;

    /// <summary>Runs one scenario of Apps/h2_websocket_client.py; its stdout lines (fails on a non-zero exit).</summary>
    private static async Task<string[]> RunClientAsync(GantryProcess gantry, string scenario, bool cleartext = false)
    {
        var port = cleartext ? gantry.HttpBase.Port : HttpsPort(gantry);
        var result = await ToolProcess.RunAsync(Python,
            [Path.Combine(TestApps.Folder, "h2_websocket_client.py"), port.ToString(System.Globalization.CultureInfo.InvariantCulture), scenario, .. cleartext ? new[] { "h2c" } : []],
            ClientTimeout);
        Assert.True(result.ExitCode == 0, $"h2_websocket_client.py {scenario} exited {result.ExitCode}: {result.Output}");
        return result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task ExtendedConnect_EchoTextBytesPingSubprotocolAndClientClose()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);

        var lines = await RunClientAsync(gantry, "echo");

        Assert.Equal(["enable_connect_protocol 1", "status 200", "subprotocol chat", "header wss", "text héllo wörld", "bytes 0001ff",
            "pong are you there", "text after ping", "close 4000", "plain get 200 b'plain http'"], lines.Select(line => line.TrimEnd()));
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 4000 client says bye", Deadline);
        Assert.Contains("CONNECT /echo => generated", gantry.Output, StringComparison.Ordinal);
        Assert.Contains("(HTTP/2 200)", gantry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task ExtendedConnect_H2cPriorKnowledgeOnAPlainSocket_EchoesWithSchemeWs()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--http2", "--asgi", "asgi_websocket:app"], TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });

        var lines = await RunClientAsync(gantry, "echo", cleartext: true);

        Assert.Equal(["enable_connect_protocol 1", "status 200", "subprotocol chat", "header ws", "text héllo wörld", "bytes 0001ff",
            "pong are you there", "text after ping", "close 4000", "plain get 200 b'plain http'"], lines.Select(line => line.TrimEnd()));
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 4000 client says bye", Deadline);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task ExtendedConnect_FragmentedMessage_ReassembledAndEchoed()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);

        Assert.Equal(["enable_connect_protocol 1", "fragmented 600000 True", "close 1000"], (await RunClientAsync(gantry, "fragmented")).Select(line => line.TrimEnd()));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task ExtendedConnect_AppCloses_ClientGetsCodeAndReasonThenTheStreamEnds()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);

        Assert.Equal(["enable_connect_protocol 1", "status 200", "close 4001 bye from the app", "stream ended True"], await RunClientAsync(gantry, "app-close"));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task ExtendedConnect_MessageOverMaxSize_Closed1009AndTheConnectionServesOn()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);

        Assert.Equal(["enable_connect_protocol 1", "close 1009", "plain get 200 b'plain http'"], (await RunClientAsync(gantry, "too-big")).Select(line => line.TrimEnd()));
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1009", Deadline);
        Assert.Contains("closed with 1009", gantry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task ExtendedConnect_PermessageDeflateOffered_NegotiatedAndEchoed()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);

        Assert.Equal(["enable_connect_protocol 1", "extensions permessage-deflate", "deflated echo True", "close 1000"],
            (await RunClientAsync(gantry, "deflate")).Select(line => line.TrimEnd()));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task ExtendedConnect_TwoWebSocketsAndARequestOnOneConnection_AllAnswered()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);

        Assert.Equal(["enable_connect_protocol 1", "streams True two one", "plain get 200 b'plain http'", "close 1000", "close 1000"],
            (await RunClientAsync(gantry, "multiplexed")).Select(line => line.TrimEnd()));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task ExtendedConnect_AppRefuses_403AndTheConnectionServesOn()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);

        Assert.Equal(["enable_connect_protocol 1", "status 403", "plain get 200 b'plain http'"], await RunClientAsync(gantry, "refused"));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Theory]
    [InlineData("no-protocol", "status 405 reset None")]
    [InlineData("other-protocol", "status 501 reset None")]
    public async Task Connect_WithoutProtocolOrNotWebSocket_ClearStatusAndTheConnectionServesOn(string scenario, string answer)
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);

        Assert.Equal(["enable_connect_protocol 1", answer, "plain get 200 b'plain http'"], await RunClientAsync(gantry, scenario));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task ExtendedConnect_WsgiTarget_501AndTheConnectionServesOn()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(certificates, records, "--wsgi-file", Path.Combine(TestApps.Folder, "tls_app.py"));

        var lines = await RunClientAsync(gantry, "websocket-connect");

        Assert.Equal("status 501 reset None", lines[1]);
        Assert.StartsWith("plain get 200 ", lines[2], StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task ExtendedConnect_PingFrequency_ServerPingsAndTheAnsweredSocketStaysOpen()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records, "--websocket-ping-freq", "1");

        Assert.Equal(["enable_connect_protocol 1", "server sent PING", "text still here", "close 1000"],
            (await RunClientAsync(gantry, "ping")).Select(line => line.TrimEnd()));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task ExtendedConnect_ClientResetsTheStream_AppSeesDisconnect1006AndTheConnectionServesOn()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);

        Assert.Equal(["enable_connect_protocol 1", "text before reset", "plain get 200 b'plain http'"], await RunClientAsync(gantry, "reset"));
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1006", Deadline);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task ExtendedConnect_DaphneTimeouts_ConnectTimeoutRefuses403AndWebSocketTimeoutCloses1000()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records, "--websocket-connect-timeout", "1", "--websocket-timeout", "2");

        Assert.Equal(["enable_connect_protocol 1", "status 403", "plain get 200 b'plain http'"], await RunClientAsync(gantry, "slow-accept"));
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "before accept websocket.disconnect 1006", Deadline);
        Assert.Equal(["enable_connect_protocol 1", "close 1000", "stream ended True"], (await RunClientAsync(gantry, "timeout")).Select(line => line.TrimEnd()));
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1000", Deadline);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task ExtendedConnect_GracefulStop_OpenWebSocketClosed1001AndTheAppSeesIt()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);
        var client = RunClientAsync(gantry, "hold");
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "open", Deadline);

        gantry.Signal(Signum.SIGTERM);

        Assert.Equal(["enable_connect_protocol 1", "status 200", "close 1001 server shutting down"], await client);
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1001", Deadline);
        Assert.Equal(0, await gantry.WaitForExitAsync(Deadline));
    }

    /// <summary>
    /// Over h2 the page's WebSocket is an extended CONNECT on the page's connection; without <c>--http2</c> both come over
    /// HTTP/1.1 and the WebSocket is an upgrade (Tls/HttpsWebSocketTests has the rest of that road).
    /// </summary>
    [Theory]
    [InlineData(true, "2", "h2")]
    [InlineData(false, "1.1", "http/1.1")]
    public async Task Chromium_PageOverHttps_OpensWssEchoesAndCloses(bool http2, string scopeVersion, string pageProtocol)
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", .. http2 ? new[] { "--http2" } : [],
                "--asgi", "asgi_websocket_browser:app"],
            TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });
        var port = HttpsPort(gantry);
        await using var browser = await ChromiumBrowser.StartTrustingAsync(certificates.ServerCertificate);

        await browser.CallAsync("Page.navigate", $"{{\"url\":{ChromiumBrowser.Quote($"https://localhost:{port}/page")}}}");

        // The page closes with "page done" only once its text came back through the browser, compressed both ways;
        // the websocket scope says which HTTP the WebSocket came by.
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1000 page done permessage-deflate", TimeSpan.FromSeconds(60));
        Assert.Contains($"scope {scopeVersion} wss", RecordFile.Lines(records.Combine("websocket")));
        var protocol = await browser.WaitForAsync("(performance.getEntriesByType('navigation')[0] || {}).nextHopProtocol",
            value => value.Length > 0, TimeSpan.FromSeconds(30));
        Assert.Contains(pageProtocol, protocol, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }
}
