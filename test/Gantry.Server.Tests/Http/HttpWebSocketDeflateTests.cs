using System.IO.Compression;
using System.Net.WebSockets;
using System.Text;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Http;

/// <summary>
/// permessage-deflate (RFC 7692) on the HTTP front with .NET's own client (its DangerousDeflateOptions) and raw
/// compressed frames: negotiated, messages round-trip both ways with and without context takeover, a decompression bomb
/// closed with 1009 at the inflated size, and the option that turns it off.
/// </summary>
public sealed class HttpWebSocketDeflateTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private const string Offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DotNetClient_Deflate_NegotiatedAndMessagesRoundTrip(bool contextTakeover)
    {
        using var host = new LoopHost(new WebSocketEchoApplication());
        using var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        client.Options.DangerousDeflateOptions = new WebSocketDeflateOptions
        {
            ClientContextTakeover = contextTakeover,
            ServerContextTakeover = contextTakeover,
        };
        using var timeout = new CancellationTokenSource(Bound);

        await client.ConnectAsync(new Uri($"ws://{host.Endpoint}/chat"), timeout.Token);
        var answers = new List<(WebSocketMessageType Type, byte[] Data)>();
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 400).Select(i => $"héllo {i % 7} wörld ")));
        var binary = new byte[200_000];
        new Random(3).NextBytes(binary);
        foreach (var (payload, type) in new[] { (text, WebSocketMessageType.Text), ("hi"u8.ToArray(), WebSocketMessageType.Text), (binary, WebSocketMessageType.Binary), (text, WebSocketMessageType.Text), ([], WebSocketMessageType.Binary) })
        {
            await client.SendAsync(payload, type, true, timeout.Token);
            answers.Add(await HttpWebSocketTests.ReceiveAsync(client, timeout.Token));
        }
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        var extension = Assert.Single(client.HttpResponseHeaders!["Sec-WebSocket-Extensions"]);
        Assert.Equal(contextTakeover ? "permessage-deflate" : "permessage-deflate; server_no_context_takeover", extension);
        Assert.Equal([text, "hi"u8.ToArray(), binary, text, []], answers.Select(answer => answer.Data));
        Assert.Equal(WebSocketMessageType.Binary, answers[2].Type);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public void RawClient_CompressedFrame_InflatedAndEchoedCompressed()
    {
        using var host = new LoopHost(new WebSocketEchoApplication());
        using var client = new RawHttpClient(host.Endpoint);
        client.Send(HttpWebSocketTests.Handshake.Replace("\r\n\r\n", "\r\n" + Offer, StringComparison.Ordinal));
        var head = HttpWebSocketTests.ReadHead(client.Socket);
        var message = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("compress me please ", 20)));

        client.Send(HttpWebSocketTests.MaskedFrame(0xC1, Deflate(message)));
        var header = HttpWebSocketTests.ReadBytes(client.Socket, 2);
        var payload = HttpWebSocketTests.ReadBytes(client.Socket, header[1]);

        Assert.Contains("Sec-WebSocket-Extensions: permessage-deflate\r\n", head, StringComparison.Ordinal);
        Assert.Equal(0xC1, header[0]);
        Assert.Equal(message, Inflate(payload));
    }

    [Fact]
    public void CompressedBomb_Closed1009AtTheInflatedSize()
    {
        var application = new WebSocketEchoApplication();
        using var host = new LoopHost(application, new ServerOptions { DisableLogging = true, WebSocketMaxMessageSize = 64 * 1024 });
        using var client = new RawHttpClient(host.Endpoint);
        client.Send(HttpWebSocketTests.Handshake.Replace("\r\n\r\n", "\r\n" + Offer, StringComparison.Ordinal));
        HttpWebSocketTests.ReadHead(client.Socket);
        var bomb = Deflate(new byte[10 * 1024 * 1024]);

        Assert.True(bomb.Length < 64 * 1024, $"the bomb is {bomb.Length} bytes");
        client.Send(HttpWebSocketTests.MaskedFrame(0xC2, bomb));
        var close = HttpWebSocketTests.ReadBytes(client.Socket, 4);

        Assert.Equal(0x88, close[0]);
        Assert.Equal(1009, (close[2] << 8) | close[3]);
    }

    [Fact]
    public void CompressedContinuation_Closed1002()
    {
        using var host = new LoopHost(new WebSocketEchoApplication());
        using var client = new RawHttpClient(host.Endpoint);
        client.Send(HttpWebSocketTests.Handshake.Replace("\r\n\r\n", "\r\n" + Offer, StringComparison.Ordinal));
        HttpWebSocketTests.ReadHead(client.Socket);

        client.Send(HttpWebSocketTests.MaskedFrame(0x01, "a"u8.ToArray()));
        client.Send(HttpWebSocketTests.MaskedFrame(0xC0, Deflate("b"u8.ToArray())));
        var close = HttpWebSocketTests.ReadBytes(client.Socket, 4);

        Assert.Equal(1002, (close[2] << 8) | close[3]);
    }

    [Fact]
    public void DeflateOff_NotNegotiated_Rsv1Closed1002()
    {
        using var host = new LoopHost(new WebSocketEchoApplication(), new ServerOptions { DisableLogging = true, WebSocketPerMessageDeflate = false });
        using var client = new RawHttpClient(host.Endpoint);
        client.Send(HttpWebSocketTests.Handshake.Replace("\r\n\r\n", "\r\n" + Offer, StringComparison.Ordinal));
        var head = HttpWebSocketTests.ReadHead(client.Socket);

        client.Send(HttpWebSocketTests.MaskedFrame(0xC1, Deflate("x"u8.ToArray())));
        var close = HttpWebSocketTests.ReadBytes(client.Socket, 4);

        Assert.DoesNotContain("Sec-WebSocket-Extensions", head, StringComparison.Ordinal);
        Assert.Equal(1002, (close[2] << 8) | close[3]);
    }

    /// <summary>Raw DEFLATE at zlib's best ratio, sync-flushed, the tail removed (§7.2.1).</summary>
    private static byte[] Deflate(byte[] message)
    {
        var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(message);
            deflate.Flush();
            var written = output.ToArray();
            return written[..^4];
        }
    }

    private static byte[] Inflate(byte[] payload)
    {
        using var inflate = new DeflateStream(new MemoryStream([.. payload, 0x00, 0x00, 0xff, 0xff]), CompressionMode.Decompress);
        var output = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = inflate.Read(chunk)) > 0)
        {
            output.Write(chunk, 0, read);
        }
        return output.ToArray();
    }
}
