using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// WebSocket over HTTP/1.1 on an HTTPS socket (wss:// without h2, as python3-websockets and a browser without
/// <c>--http2</c> open it): the upgrade goes through Kestrel's HTTP/1.1 and reaches the same websocket scope and the same
/// channel as on the HTTP front, with the HTTP front's strict checks on the upgrade. Real clients: python3-websockets
/// (Apps/ws_client.py, trusting the test CA); headless Chromium is in Http2WebSocketTests (with and without h2).
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class HttpsWebSocketTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>What ws_client.py's echo scenario reports over wss:// (the scope's scheme, a subprotocol, text, bytes, a ping).</summary>
    private static readonly string[] EchoLines = ["subprotocol chat", "header wss", "text héllo wörld", "bytes 0001ff", "pong"];

    /// <summary>A valid opening handshake's fields, without the blank line (a test appends its own fields).</summary>
    private const string UpgradeFields =
        "Host: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    private static Task<GantryProcess> StartAsync(TestCertificates certificates, TemporaryDirectory records, params string[] more) =>
        GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", .. more],
            TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });

    private static Task<GantryProcess> StartAsgiAsync(TestCertificates certificates, TemporaryDirectory records, params string[] more) =>
        StartAsync(certificates, records, ["--asgi", "asgi_websocket:app", .. more]);

    private static int HttpsPort(GantryProcess gantry) => gantry.Addresses.First(address => address.Scheme == "https").Port;

    private static Task<string[]> RunClientAsync(TestCertificates certificates, GantryProcess gantry, string scenario) =>
        WebSocketClient.RunAsync($"wss://localhost:{HttpsPort(gantry)}", certificates.CaCertificate, scenario);

    /// <summary>Sends <paramref name="head"/> over TLS and returns the status line.</summary>
    private static async Task<string> ExchangeAsync(int port, string head)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("localhost");
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(tls, Encoding.Latin1);
        using var timeout = new CancellationTokenSource(Deadline);
        return await reader.ReadLineAsync(timeout.Token) ?? "";
    }

    [Fact]
    public async Task Upgrade_EchoTextBytesPingSubprotocolAndSchemeWss()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);

        var lines = await RunClientAsync(certificates, gantry, "echo");

        Assert.Equal(EchoLines, lines);
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1000", Deadline);
        Assert.Contains("(HTTP/1.1 101)", gantry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Upgrade_DeflateFragmentsFloodAndADenial_AsOnThePlainFront()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);

        Assert.Equal(["extensions permessage-deflate", "round trips True", "compressed True"], await RunClientAsync(certificates, gantry, "deflate"));
        Assert.Equal(["fragmented 600000 True"], await RunClientAsync(certificates, gantry, "fragmented"));
        Assert.Equal(["flood 40 True 1000"], await RunClientAsync(certificates, gantry, "flood"));
        Assert.Equal(["rejected 401 yes"], await RunClientAsync(certificates, gantry, "deny"));
        Assert.Equal(["rejected 403 None"], await RunClientAsync(certificates, gantry, "reject"));
        Assert.Equal(EchoLines, await RunClientAsync(certificates, gantry, "echo"));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task GracefulStop_OpenWebSocketClosed1001AndTheAppSeesIt()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);
        var client = RunClientAsync(certificates, gantry, "hold");
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "open", Deadline);

        gantry.Signal(Signum.SIGTERM);

        Assert.Equal(["closed 1001 server shutting down"], await client);
        await RecordFile.WaitForLineAsync(records.Combine("websocket"), "disconnect 1001", Deadline);
        Assert.Equal(0, await gantry.WaitForExitAsync(Deadline));
    }

    [Theory]
    [InlineData("Upgrade: websocket\r\n", "Upgrade must be one field")]
    [InlineData("Sec-WebSocket-Key: c2hvcnQ=\r\n", "Sec-WebSocket-Key must be one field")]
    [InlineData("Content-Length: 5\r\n", "an upgrade request carries no Content-Length or Transfer-Encoding")]
    public async Task BadUpgrade_400AndLoggedAsOnThePlainFront(string extra, string logged)
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsgiAsync(certificates, records);

        var status = await ExchangeAsync(HttpsPort(gantry), "GET /echo HTTP/1.1\r\n" + UpgradeFields + extra + "\r\n");

        Assert.StartsWith("HTTP/1.1 400", status, StringComparison.Ordinal);
        await OutputAssert.LogsAsync(gantry, "WebSocket upgrade: " + logged);
        Assert.Equal(EchoLines, await RunClientAsync(certificates, gantry, "echo"));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task WsgiApp_UpgradeIsAnOrdinaryGet()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await StartAsync(certificates, records, "--wsgi-file", Path.Combine(TestApps.Folder, "tls_app.py"));

        var status = await ExchangeAsync(HttpsPort(gantry), "GET / HTTP/1.1\r\n" + UpgradeFields + "Upgrade: websocket\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200", status, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }
}
