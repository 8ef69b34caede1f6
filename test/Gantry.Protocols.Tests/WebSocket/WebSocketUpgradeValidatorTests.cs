using System.Text;
using Gantry.Protocols.Http;
using Gantry.Protocols.WebSocket;

namespace Gantry.Protocols.Tests.WebSocket;

/// <summary>The opening handshake's checks (RFC 6455 §4.2.1), strict after daphne's CVE-2026-44546.</summary>
public sealed class WebSocketUpgradeValidatorTests
{
    private const string Valid =
        "GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    [Fact]
    public void ValidHandshake_Rfc6455Example_ValidWithItsKeyAndAccept()
    {
        var (check, key, reason, buffer) = Check(Valid + "\r\n");

        Assert.Equal(WebSocketUpgradeCheck.Valid, check);
        Assert.Null(reason);
        Span<byte> accept = stackalloc byte[WebSocketHandshake.AcceptLength];
        WebSocketHandshake.WriteAccept(buffer[key], accept);
        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Encoding.ASCII.GetString(accept));
    }

    [Fact]
    public void NoUpgradeField_HeadSaysSo()
    {
        var head = Parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n", out _);

        Assert.False(head.HasUpgrade);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: TLS/1.0\r\n\r\n")]
    public void OtherProtocol_NotWebSocket(string request)
    {
        Assert.Equal(WebSocketUpgradeCheck.NotWebSocket, Check(request).Check);
    }

    [Theory]
    [InlineData(Valid + "Upgrade: websocket\r\n\r\n", "Upgrade")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket, h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", "Upgrade")]
    [InlineData(Valid + "Connection: close\r\n\r\n", "Connection")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", "Connection")]
    [InlineData(Valid + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", "Sec-WebSocket-Key")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: c2hvcnQ=\r\n\r\n", "Sec-WebSocket-Key")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n", "Sec-WebSocket-Key")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 8\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", "Sec-WebSocket-Version")]
    [InlineData(Valid + "Sec-WebSocket-Version: 13\r\n\r\n", "Sec-WebSocket-Version")]
    [InlineData(Valid + "Content-Length: 0\r\n\r\n", "Content-Length")]
    [InlineData(Valid + "Transfer-Encoding: chunked\r\n\r\n", "Transfer-Encoding")]
    public void SmuggledOrAmbiguous_Rejected(string request, string named)
    {
        var (check, _, reason, _) = Check(request);

        Assert.Equal(WebSocketUpgradeCheck.Rejected, check);
        Assert.Contains(named, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PostUpgrade_Rejected()
    {
        var (check, _, reason, _) = Check(Valid.Replace("GET", "POST", StringComparison.Ordinal) + "\r\n");

        Assert.Equal(WebSocketUpgradeCheck.Rejected, check);
        Assert.Contains("GET", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Http10Upgrade_Rejected()
    {
        var (check, _, _, _) = Check(Valid.Replace("HTTP/1.1", "HTTP/1.0", StringComparison.Ordinal) + "\r\n");

        Assert.Equal(WebSocketUpgradeCheck.Rejected, check);
    }

    [Fact]
    public void Fields_AddedOneByOneAsKestrelHoldsThem_SameVerdictsAsTheParsedHead()
    {
        var fields = new WebSocketUpgradeFields();
        Assert.False(fields.Add("Upgrade"u8, "websocket"u8));
        Assert.False(fields.Add("connection"u8, "Upgrade"u8));
        Assert.False(fields.Add("Sec-WebSocket-Version"u8, "13"u8));
        Assert.True(fields.Add("Sec-WebSocket-Key"u8, "dGhlIHNhbXBsZSBub25jZQ=="u8));

        Assert.Equal(WebSocketUpgradeCheck.Valid, fields.Judge(http11: true, get: true, out var reason));
        Assert.Null(reason);
        Assert.Equal(WebSocketUpgradeCheck.Rejected, fields.Judge(http11: true, get: false, out reason));
        Assert.Equal("an upgrade is a GET", reason);

        // A second Upgrade field (Kestrel keeps each occurrence as one value of the same header).
        fields.Add("Upgrade"u8, "websocket"u8);
        Assert.Equal(WebSocketUpgradeCheck.Rejected, fields.Judge(http11: true, get: true, out reason));
        Assert.Equal("Upgrade must be one field holding only 'websocket'", reason);
    }

    [Fact]
    public void Fields_NoWebSocketAsked_NotWebSocket()
    {
        var fields = new WebSocketUpgradeFields();
        fields.Add("Upgrade"u8, "h2c"u8);
        fields.Add("Connection"u8, "Upgrade, HTTP2-Settings"u8);

        Assert.Equal(WebSocketUpgradeCheck.NotWebSocket, fields.Judge(http11: true, get: true, out var reason));
        Assert.Null(reason);
    }

    private static HttpRequestHead Parse(string request, out byte[] buffer)
    {
        buffer = Encoding.ASCII.GetBytes(request);
        var head = new HttpRequestHead();
        Assert.True(HttpRequestHeadParser.TryParse(buffer, 8192, head, out _));
        return head;
    }

    private static (WebSocketUpgradeCheck Check, Range Key, string? Reason, byte[] Buffer) Check(string request)
    {
        var head = Parse(request, out var buffer);
        Assert.True(head.HasUpgrade);
        var check = WebSocketUpgradeValidator.Check(buffer, head, out var key, out var reason);
        return (check, key, reason, buffer);
    }
}
