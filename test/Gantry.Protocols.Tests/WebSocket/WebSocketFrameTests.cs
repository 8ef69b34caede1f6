using System.Text;
using Gantry.Protocols.WebSocket;

namespace Gantry.Protocols.Tests.WebSocket;

/// <summary>RFC 6455's own examples (§5.7, §1.3), replayed whole and byte by byte, and the server's refusals.</summary>
public sealed class WebSocketFrameTests
{
    private const long Limit = 1024 * 1024;

    // §5.7: a single-frame masked text message "Hello".
    private static readonly byte[] MaskedHello = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58];

    [Fact]
    public void MaskedText_Rfc6455Example_HeaderAndUnmaskedPayload()
    {
        Assert.True(WebSocketFrameReader.TryReadHeader(MaskedHello, Limit, false, out var header, out var length));

        Assert.Equal(6, length);
        Assert.True(header.Fin);
        Assert.Equal(WebSocketOpcode.Text, header.Opcode);
        Assert.Equal(5, header.PayloadLength);
        var payload = MaskedHello[length..];
        WebSocketMask.Apply(payload, header.MaskKey, 0);
        Assert.Equal("Hello", Encoding.ASCII.GetString(payload));
    }

    [Fact]
    public void MaskedText_PayloadUnmaskedInPieces_SameBytes()
    {
        WebSocketFrameReader.TryReadHeader(MaskedHello, Limit, false, out var header, out var length);
        var payload = MaskedHello[length..];

        for (var position = 0; position < payload.Length; position++)
        {
            WebSocketMask.Apply(payload.AsSpan(position, 1), header.MaskKey, position);
        }

        Assert.Equal("Hello", Encoding.ASCII.GetString(payload));
    }

    [Fact]
    public void MaskedText_ByteByByte_NeedsMoreUntilTheWholeHeader()
    {
        for (var available = 0; available < 6; available++)
        {
            Assert.False(WebSocketFrameReader.TryReadHeader(MaskedHello.AsSpan(0, available), Limit, false, out _, out _));
        }
        Assert.True(WebSocketFrameReader.TryReadHeader(MaskedHello.AsSpan(0, 6), Limit, false, out _, out _));
    }

    [Fact]
    public void LongPayload_Mask_EightBytesAtATimeMatchesByteByByte()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var fast = data.ToArray();
        var slow = data.ToArray();
        const uint Key = 0x37fa213d;

        WebSocketMask.Apply(fast.AsSpan(3), Key, 3);
        for (var i = 3; i < slow.Length; i++)
        {
            WebSocketMask.Apply(slow.AsSpan(i, 1), Key, i);
        }

        Assert.Equal(slow, fast);
    }

    [Theory]
    [InlineData(new byte[] { 0x82, 0xFE, 0x01, 0x00, 1, 2, 3, 4 }, 256)]
    [InlineData(new byte[] { 0x82, 0xFF, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4 }, 65536)]
    public void ExtendedLengths_Rfc6455Examples(byte[] frame, long expected)
    {
        Assert.True(WebSocketFrameReader.TryReadHeader(frame, Limit, false, out var header, out var length));

        Assert.Equal(expected, header.PayloadLength);
        Assert.Equal(frame.Length, length);
        Assert.Equal(WebSocketOpcode.Binary, header.Opcode);
    }

    [Theory]
    [InlineData(new byte[] { 0x81, 0x05, 0x48 }, "not masked")]
    [InlineData(new byte[] { 0xC1, 0x80, 0, 0, 0, 0 }, "reserved bit")]
    [InlineData(new byte[] { 0xA1, 0x80, 0, 0, 0, 0 }, "reserved bit")]
    [InlineData(new byte[] { 0x83, 0x80, 0, 0, 0, 0 }, "reserved opcode 0x3")]
    [InlineData(new byte[] { 0x89, 0xFE, 0x00, 0x7E, 0, 0, 0, 0 }, "control frame")]
    [InlineData(new byte[] { 0x09, 0x80, 0, 0, 0, 0 }, "control frame")]
    [InlineData(new byte[] { 0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "most significant bit")]
    public void Violations_ProtocolError(byte[] frame, string reason)
    {
        var error = Assert.Throws<WebSocketProtocolException>(() => WebSocketFrameReader.TryReadHeader(frame, Limit, false, out _, out _));

        Assert.Equal(WebSocketCloseStatus.ProtocolError, error.CloseStatus);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Rsv1_WithPermessageDeflate_Compressed()
    {
        Assert.True(WebSocketFrameReader.TryReadHeader([0xC1, 0x80, 0, 0, 0, 0], Limit, true, out var header, out _));

        Assert.True(header.Compressed);
    }

    [Fact]
    public void OverTheLimit_MessageTooBig()
    {
        var error = Assert.Throws<WebSocketProtocolException>(() =>
            WebSocketFrameReader.TryReadHeader([0x82, 0xFE, 0x01, 0x00, 0, 0, 0, 0], 255, false, out _, out _));

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, error.CloseStatus);
    }

    [Theory]
    [InlineData(5, new byte[] { 0x81, 0x05 })]
    [InlineData(256, new byte[] { 0x82, 0x7E, 0x01, 0x00 })]
    [InlineData(65536, new byte[] { 0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0 })]
    public void Writer_ServerHeaders_UnmaskedShortestLength(long length, byte[] expected)
    {
        var buffer = new byte[WebSocketFrameWriter.MaxHeaderLength];

        var written = WebSocketFrameWriter.WriteHeader(buffer, true, length == 5 ? WebSocketOpcode.Text : WebSocketOpcode.Binary, length);

        Assert.Equal(expected, buffer[..written]);
    }

    [Fact]
    public void ClosePayload_LongReason_CutAtACodePointBoundary()
    {
        var reason = Encoding.UTF8.GetBytes(new string('a', 122) + "é");
        var buffer = new byte[125];

        var written = WebSocketFrameWriter.WriteClosePayload(buffer, 1000, reason);

        Assert.Equal(124, written);
        Assert.Equal(new byte[] { 0x03, 0xE8 }, buffer[..2]);
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(1005, false)]
    [InlineData(1006, false)]
    [InlineData(1015, false)]
    [InlineData(999, false)]
    [InlineData(3000, true)]
    [InlineData(4999, true)]
    [InlineData(5000, false)]
    public void CloseCodes_WhatAPeerMaySend(int code, bool valid)
    {
        Assert.Equal(valid, WebSocketCloseStatus.IsValidOnTheWire(code));
    }

    [Fact]
    public void Handshake_Rfc6455Example_Accept()
    {
        var accept = new byte[WebSocketHandshake.AcceptLength];

        WebSocketHandshake.WriteAccept("dGhlIHNhbXBsZSBub25jZQ=="u8, accept);

        Assert.Equal("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", Encoding.ASCII.GetString(accept));
        Assert.True(WebSocketHandshake.IsValidKey("dGhlIHNhbXBsZSBub25jZQ=="u8));
        Assert.False(WebSocketHandshake.IsValidKey("dGhlIHNhbXBsZQ=="u8));
        Assert.True(WebSocketHandshake.HasToken("keep-alive, Upgrade"u8, "upgrade"u8));
        Assert.False(WebSocketHandshake.HasToken("keep-alive, upgrader"u8, "upgrade"u8));
    }

    [Theory]
    [InlineData("κόσμε", true)]
    [InlineData("\uD83D\uDE00 ok", true)]
    public void Utf8_SplitAtEveryByte_Valid(string text, bool valid)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var validator = default(WebSocketUtf8Validator);
            var first = validator.Append(bytes.AsSpan(0, split), final: false);
            var second = validator.Append(bytes.AsSpan(split), final: true);
            Assert.Equal(valid, first && second);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0xCE, 0xBA, 0xE1, 0xBD, 0xB9, 0xCF, 0x83, 0xCE, 0xBC, 0xCE, 0xB5, 0xED, 0xA0, 0x80, 0x65, 0x64, 0x69, 0x74, 0x65, 0x64 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    public void Utf8_Invalid_RefusedWhereverItIsSplit(byte[] bytes)
    {
        for (var split = 0; split <= bytes.Length; split++)
        {
            var validator = default(WebSocketUtf8Validator);
            var first = validator.Append(bytes.AsSpan(0, split), final: false);
            var second = first && validator.Append(bytes.AsSpan(split), final: true);
            Assert.False(second, $"accepted when split at {split}");
        }
    }
}
