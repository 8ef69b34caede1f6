using System.Text;
using Gantry.Application.WebSocket;
using Gantry.Protocols.WebSocket;
using Gantry.Server.WebSocket;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Server.Tests.WebSocket;

/// <summary>
/// The channel over an in-memory transport, as the HTTP/2 front feeds it (DATA in arbitrary pieces, frames out to a
/// queue), with fake time: what it takes, when it wants more input, what it writes.
/// </summary>
public sealed class WebSocketChannelTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly MemoryTransport _transport = new();

    private WebSocketChannel Open(ServerOptions? options = null)
    {
        var channel = new WebSocketChannel(_transport, options ?? new ServerOptions(), _time, NullLogger.Instance);
        channel.Offer(deflateOffered: false, default);
        Span<byte> unused = stackalloc byte[WebSocketDeflateNegotiation.MaxResponseHeaderLength];
        Assert.Equal(0, channel.MarkAccepted(unused));
        return channel;
    }

    /// <summary>A masked client frame (RFC 6455 §5.3) with <paramref name="payload"/>.</summary>
    private static byte[] ClientFrame(WebSocketOpcode opcode, byte[] payload, bool fin = true)
    {
        byte[] mask = [1, 2, 3, 4];
        var frame = new List<byte> { (byte)((fin ? 0x80 : 0) | (int)opcode) };
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            frame.Add(0x80 | 126);
            frame.Add((byte)(payload.Length >> 8));
            frame.Add((byte)payload.Length);
        }
        frame.AddRange(mask);
        frame.AddRange(payload.Select((value, index) => (byte)(value ^ mask[index % 4])));
        return [.. frame];
    }

    [Fact]
    public void Peek_TextFrameArrivingByteByByte_WholeMessageOnceTheLastByteCame()
    {
        var channel = Open();
        var frame = ClientFrame(WebSocketOpcode.Text, Encoding.UTF8.GetBytes("héllo"));

        for (var i = 0; i < frame.Length - 1; i++)
        {
            _transport.Receive(frame.AsSpan(i, 1));
            Assert.Equal(WebSocketInput.None, channel.Peek(out _));
            Assert.False(channel.HoldsMessage);
        }
        _transport.Receive(frame.AsSpan(frame.Length - 1));

        Assert.Equal(WebSocketInput.Text, channel.Peek(out var payload));
        Assert.Equal("héllo", Encoding.UTF8.GetString(payload));
        Assert.True(channel.HoldsMessage);
        channel.Advance();
        Assert.False(channel.HoldsMessage);
    }

    [Fact]
    public void Peek_TwoMessagesInOneRead_SecondWaitsInTheInputUntilTheFirstWasTaken()
    {
        var channel = Open();
        _transport.Receive([.. ClientFrame(WebSocketOpcode.Binary, [1, 2]), .. ClientFrame(WebSocketOpcode.Binary, [3])]);

        Assert.Equal(WebSocketInput.Binary, channel.Peek(out var first));
        Assert.Equal([1, 2], first.ToArray());
        Assert.Equal(WebSocketInput.Binary, channel.Peek(out _));
        Assert.True(_transport.Buffered > 0);
        channel.Advance();
        Assert.Equal(WebSocketInput.Binary, channel.Peek(out var second));

        Assert.Equal([3], second.ToArray());
        Assert.Equal(0, _transport.Buffered);
    }

    [Fact]
    public void Ping_AnsweredWithPongCarryingItsPayload()
    {
        var channel = Open();
        _transport.Receive(ClientFrame(WebSocketOpcode.Ping, "abc"u8.ToArray()));

        Assert.Equal(WebSocketInput.None, channel.Peek(out _));

        Assert.Equal([0x8A, 3, (byte)'a', (byte)'b', (byte)'c'], _transport.Written.ToArray());
    }

    [Fact]
    public void ClientClose_AnsweredWithItsCodeAndInputEndsWithCodeAndReason()
    {
        var channel = Open();
        _transport.Receive(ClientFrame(WebSocketOpcode.Close, [0x0F, 0xA0, .. "bye"u8.ToArray()]));

        Assert.Equal(WebSocketInput.Closed, channel.Peek(out _));

        Assert.Equal(4000, channel.CloseStatus);
        Assert.Equal("bye", Encoding.UTF8.GetString(channel.CloseReason));
        Assert.Equal([0x88, 2, 0x0F, 0xA0], _transport.Written.ToArray());
        Assert.True(channel.IsClosed);
        Assert.False(channel.PeerOwesClosingAnswer);
    }

    [Fact]
    public void MessageOverTheLimit_Closed1009AndInputOver()
    {
        var channel = Open(new ServerOptions { WebSocketMaxMessageSize = 100 });
        _transport.Receive(ClientFrame(WebSocketOpcode.Binary, new byte[101]));

        Assert.Equal(WebSocketInput.Closed, channel.Peek(out _));

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, channel.CloseStatus);
        Assert.Equal([0x88, 2, 0x03, 0xF1], _transport.Written.ToArray());
    }

    [Fact]
    public void Tick_PingFrequencyPassed_PingSentThenSilentClientFailedWith1011()
    {
        var channel = Open(new ServerOptions { WebSocketPingSeconds = 5, WebSocketPongToleranceSeconds = 3 });

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(channel.Tick(_time.GetTimestamp()));
        Assert.Equal([0x89, 0], _transport.Written.ToArray());
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(channel.Tick(_time.GetTimestamp()));

        Assert.True(channel.InputOver);
        Assert.Equal(WebSocketCloseStatus.InternalError, channel.CloseStatus);
    }

    [Fact]
    public void Send_AboveTheTransportsMark_SaysWaitAndFramesTheMessage()
    {
        var channel = Open();
        _transport.BelowMark = false;

        Assert.False(channel.Send(text: true, "hi"u8));

        Assert.Equal([0x81, 2, (byte)'h', (byte)'i'], _transport.Written.ToArray());
    }

    /// <summary>What a front lends the channel, in memory.</summary>
    private sealed class MemoryTransport : IWebSocketTransport
    {
        private readonly List<byte> _input = [];
        private byte[] _view = [];

        public List<byte> Written { get; } = [];

        public bool BelowMark { get; set; } = true;

        public int Buffered => _input.Count;

        public void Receive(ReadOnlySpan<byte> bytes)
        {
            _input.AddRange(bytes.ToArray());
            _view = [.. _input];
        }

        public ReadOnlySpan<byte> BufferedInput => _view;

        public void ConsumeInput(int count)
        {
            _input.RemoveRange(0, count);
            _view = [.. _input];
        }

        public void Write(ReadOnlySpan<byte> bytes) => Written.AddRange(bytes.ToArray());

        public bool OutputBelowMark() => BelowMark;

        public void SignalArrival()
        {
        }

        public bool ClientGone => false;

        public string DisplayAddress => "test";
    }
}
