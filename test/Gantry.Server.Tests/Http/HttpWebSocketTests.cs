using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Http;

/// <summary>
/// WebSocket on the HTTP front with .NET's own client and raw frames: the handshake, echo of text, binary and fragmented
/// messages, ping answered, close codes, protocol violations closed with their code, and hosts that do not serve
/// WebSocket seeing an ordinary GET.
/// </summary>
public sealed class HttpWebSocketTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    internal const string Handshake =
        "GET /chat HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";

    [Fact]
    public void Handshake_Rfc6455Example_101WithAcceptAndHostHeaders()
    {
        using var host = new LoopHost(new WebSocketEchoApplication());
        using var client = new RawHttpClient(host.Endpoint);

        client.Send(Handshake);
        var head = ReadHead(client.Socket);

        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", head, StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", head, StringComparison.Ordinal);
        Assert.Contains("Upgrade: websocket\r\n", head, StringComparison.Ordinal);
        Assert.Contains("X-Test: yes\r\n", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DotNetClient_TextBinaryAndFragmented_EchoedThenClosedNormally()
    {
        var application = new WebSocketEchoApplication();
        using var host = new LoopHost(application);
        using var client = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Bound);

        await client.ConnectAsync(new Uri($"ws://{host.Endpoint}/chat"), timeout.Token);
        await client.SendAsync(Encoding.UTF8.GetBytes("héllo"), WebSocketMessageType.Text, true, timeout.Token);
        var text = await ReceiveAsync(client, timeout.Token);
        await client.SendAsync(new byte[] { 0, 1, 255 }, WebSocketMessageType.Binary, true, timeout.Token);
        var binary = await ReceiveAsync(client, timeout.Token);
        var large = Encoding.ASCII.GetBytes(new string('z', 300_000));
        for (var offset = 0; offset < large.Length; offset += 50_000)
        {
            await client.SendAsync(large.AsMemory(offset, 50_000), WebSocketMessageType.Text, offset + 50_000 == large.Length, timeout.Token);
        }
        var reassembled = await ReceiveAsync(client, timeout.Token);
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Equal((WebSocketMessageType.Text, "héllo"), (text.Type, Encoding.UTF8.GetString(text.Data)));
        Assert.Equal(new byte[] { 0, 1, 255 }, binary.Data);
        Assert.Equal(large, reassembled.Data);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        Assert.Equal("upgrade=True", application.Events.Take());
        Assert.True(application.Events.TryTake(out var closed, Bound));
        Assert.Equal("closed 1000", closed);
    }

    [Fact]
    public async Task ClientReadsLate_EchoPausedByBackpressureThenAllDelivered()
    {
        using var host = new LoopHost(new WebSocketEchoApplication());
        using var client = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Bound);
        await client.ConnectAsync(new Uri($"ws://{host.Endpoint}/chat"), timeout.Token);
        const int Count = 40;
        var message = new byte[64 * 1024];

        // 2.5 MiB of echoes, ten times the output's high-water mark, while the client has not read any yet.
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Count; i++)
            {
                message[0] = (byte)i;
                await client.SendAsync(message, WebSocketMessageType.Binary, true, timeout.Token);
            }
        });
        await Task.Delay(200, timeout.Token);
        var first = new List<byte>();
        for (var i = 0; i < Count; i++)
        {
            var echoed = await ReceiveAsync(client, timeout.Token);
            Assert.Equal(message.Length, echoed.Data.Length);
            first.Add(echoed.Data[0]);
        }
        await sending;

        Assert.Equal(Enumerable.Range(0, Count).Select(i => (byte)i), first);
    }

    [Fact]
    public void ServerPing_ClientSilent_Closed1011AfterTheTolerance()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var application = new WebSocketEchoApplication();
        using var host = new LoopHost(application, PingEvery20Within5, time);
        using var client = Open(host);
        application.Events.Take();

        time.Advance(TimeSpan.FromSeconds(21));
        var ping = ReadBytes(client.Socket, 2);
        time.Advance(TimeSpan.FromSeconds(6));
        var close = ReadBytes(client.Socket, 4);

        Assert.Equal(new byte[] { 0x89, 0 }, ping);
        Assert.Equal(0x88, close[0]);
        Assert.Equal(1011, (close[2] << 8) | close[3]);
        Assert.True(application.Events.TryTake(out var closed, Bound));
        Assert.Equal("closed 1011", closed);
    }

    [Fact]
    public void WebSocketTimeout_ServerCloses1000_AnUnansweredCloseEndsTheInputWith1006()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var application = new WebSocketEchoApplication();
        var options = new ServerOptions { DisableLogging = true, WebSocketPingSeconds = 0, WebSocketPongToleranceSeconds = 5, WebSocketTimeoutSeconds = 60 };
        using var host = new LoopHost(application, options, time);
        using var client = Open(host);
        Assert.True(application.Events.TryTake(out _, Bound));

        time.Advance(TimeSpan.FromSeconds(61));
        var close = ReadBytes(client.Socket, 4);
        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(new byte[] { 0x88, 2, 1000 >> 8, 1000 & 0xFF }, close);
        Assert.True(application.Events.TryTake(out var closed, Bound));
        Assert.Equal("closed 1006", closed);
    }

    [Fact]
    public void WebSocketTimeout_ClientAnswersTheClose_HostSeesItsCode()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var application = new WebSocketEchoApplication();
        var options = new ServerOptions { DisableLogging = true, WebSocketPingSeconds = 0, WebSocketTimeoutSeconds = 60 };
        using var host = new LoopHost(application, options, time);
        using var client = Open(host);
        Assert.True(application.Events.TryTake(out _, Bound));

        time.Advance(TimeSpan.FromSeconds(59));
        client.Send(MaskedFrame(0x81, "alive"u8.ToArray()));
        var echo = ReadBytes(client.Socket, 7);
        time.Advance(TimeSpan.FromSeconds(2));
        var close = ReadBytes(client.Socket, 4);
        client.Send(MaskedFrame(0x88, [1000 >> 8, 1000 & 0xFF]));

        Assert.Equal("alive", Encoding.ASCII.GetString(echo, 2, 5));
        Assert.Equal(new byte[] { 0x88, 2, 1000 >> 8, 1000 & 0xFF }, close);
        Assert.True(application.Events.TryTake(out var closed, Bound));
        Assert.Equal("closed 1000", closed);
    }

    [Fact]
    public void WebSocketConnectTimeout_HostNeverAnswers_403AndTheHostAborted()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var application = new WebSocketEchoApplication();
        var options = new ServerOptions { DisableLogging = true, WebSocketConnectTimeoutSeconds = 5 };
        using var host = new LoopHost(application, options, time);
        using var client = new RawHttpClient(host.Endpoint);
        client.Send(Handshake.Replace("/chat", "/wait", StringComparison.Ordinal));
        Assert.True(application.Events.TryTake(out var upgrade, Bound));

        time.Advance(TimeSpan.FromSeconds(4));
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal("upgrade=True", upgrade);
        Assert.Equal(403, client.ReadResponse()!.Status);
        Assert.True(application.Events.TryTake(out var aborted, Bound));
        Assert.Equal("aborted", aborted);
    }

    [Fact]
    public void ServerPing_ClientAnswers_StaysOpen()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var application = new WebSocketEchoApplication();
        using var host = new LoopHost(application, PingEvery20Within5, time);
        using var client = Open(host);

        time.Advance(TimeSpan.FromSeconds(21));
        Assert.Equal(new byte[] { 0x89, 0 }, ReadBytes(client.Socket, 2));
        client.Send(MaskedFrame(0x8A, []));
        client.Send(MaskedFrame(0x81, "still here"u8.ToArray()));
        var echo = ReadBytes(client.Socket, 12);
        time.Advance(TimeSpan.FromSeconds(6));
        client.Send(MaskedFrame(0x81, "x"u8.ToArray()));

        Assert.Equal("still here", Encoding.ASCII.GetString(echo, 2, 10));
        Assert.Equal(new byte[] { 0x81, 1, (byte)'x' }, ReadBytes(client.Socket, 3));
    }

    [Fact]
    public void Ping_AnsweredWithPongCarryingItsPayload()
    {
        using var host = new LoopHost(new WebSocketEchoApplication());
        using var client = new RawHttpClient(host.Endpoint);
        client.Send(Handshake);
        ReadHead(client.Socket);

        client.Send(MaskedFrame(0x89, "ping!"u8.ToArray()));

        Assert.Equal(new byte[] { 0x8A, 5 }.Concat("ping!"u8.ToArray()), ReadBytes(client.Socket, 7));
    }

    [Theory]
    [InlineData(0x81, new byte[] { 0xC3, 0x28 }, 1007)]
    [InlineData(0x83, new byte[] { 1 }, 1002)]
    [InlineData(0x01, new byte[] { 0x68 }, 0)]
    public void ProtocolViolation_ClosedWithItsCode(int first, byte[] payload, int expected)
    {
        var application = new WebSocketEchoApplication();
        using var host = new LoopHost(application);
        using var client = new RawHttpClient(host.Endpoint);
        client.Send(Handshake);
        ReadHead(client.Socket);

        client.Send(MaskedFrame((byte)first, payload));
        if (expected == 0)
        {
            // A text fragment, then a new text message before it ended (RFC 6455 §5.4): 1002.
            client.Send(MaskedFrame(0x81, "x"u8.ToArray()));
            expected = 1002;
        }
        var close = ReadBytes(client.Socket, 4);

        Assert.Equal(0x88, close[0]);
        Assert.Equal(expected, (close[2] << 8) | close[3]);
        application.Events.Take();
        Assert.True(application.Events.TryTake(out var closed, Bound));
        Assert.Equal($"closed {expected}", closed);
    }

    [Fact]
    public void MessageOverTheLimit_Closed1009()
    {
        using var host = new LoopHost(new WebSocketEchoApplication(), new ServerOptions { DisableLogging = true, WebSocketMaxMessageSize = 1000 });
        using var client = new RawHttpClient(host.Endpoint);
        client.Send(Handshake);
        ReadHead(client.Socket);

        client.Send(MaskedFrame(0x02, new byte[600]));
        client.Send(MaskedFrame(0x80, new byte[600]));
        var close = ReadBytes(client.Socket, 4);

        Assert.Equal(1009, (close[2] << 8) | close[3]);
    }

    [Fact]
    public void HostRefuses_403AsAnOrdinaryResponse()
    {
        using var host = new LoopHost(new WebSocketEchoApplication());
        using var client = new RawHttpClient(host.Endpoint);

        client.Send(Handshake.Replace("/chat", "/reject", StringComparison.Ordinal));

        Assert.Equal(403, client.ReadResponse()!.Status);
    }

    [Fact]
    public void HostWithoutWebSocket_UpgradeIsAnOrdinaryGetEvenWhenMalformed()
    {
        var application = new WebSocketEchoApplication(accepts: false);
        using var host = new LoopHost(application);
        using var client = new RawHttpClient(host.Endpoint);

        client.Send(Handshake.Replace("\r\n\r\n", "\r\nUpgrade: websocket\r\n\r\n", StringComparison.Ordinal));

        Assert.Equal(200, client.ReadResponse()!.Status);
        Assert.Equal("upgrade=False", application.Events.Take());
    }

    [Fact]
    public void DuplicateKey_400BeforeTheHost()
    {
        var application = new WebSocketEchoApplication();
        using var host = new LoopHost(application);
        using var client = new RawHttpClient(host.Endpoint);

        client.Send(Handshake.Replace("\r\n\r\n", "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n", StringComparison.Ordinal));

        Assert.Equal(400, client.ReadResponse()!.Status);
        Assert.Empty(application.Events);
    }

    private static ServerOptions PingEvery20Within5 => new() { DisableLogging = true, WebSocketPingSeconds = 20, WebSocketPongToleranceSeconds = 5 };

    /// <summary>A raw client past the handshake.</summary>
    private static RawHttpClient Open(LoopHost host)
    {
        var client = new RawHttpClient(host.Endpoint);
        client.Send(Handshake);
        ReadHead(client.Socket);
        return client;
    }

    internal static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveAsync(ClientWebSocket client, CancellationToken cancellation)
    {
        var buffer = new byte[65536];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await client.ReceiveAsync(buffer, cancellation);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, message.ToArray());
            }
        }
    }

    internal static byte[] MaskedFrame(byte first, byte[] payload)
    {
        byte[] mask = [0x11, 0x22, 0x33, 0x44];
        var header = payload.Length < 126
            ? new byte[] { first, (byte)(0x80 | payload.Length) }
            : [first, 0x80 | 126, (byte)(payload.Length >> 8), (byte)payload.Length];
        var masked = payload.Select((b, i) => (byte)(b ^ mask[i & 3]));
        return [.. header, .. mask, .. masked];
    }

    internal static string ReadHead(Socket socket)
    {
        socket.ReceiveTimeout = (int)Bound.TotalMilliseconds;
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && socket.Receive(one) == 1)
        {
            head.Append((char)one[0]);
        }
        return head.ToString();
    }

    internal static byte[] ReadBytes(Socket socket, int count)
    {
        socket.ReceiveTimeout = (int)Bound.TotalMilliseconds;
        var data = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = socket.Receive(data, read, count - read, SocketFlags.None);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return data[..read];
    }
}
