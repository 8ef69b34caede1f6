using Gantry.Protocols.WebSocket;

namespace Gantry.Protocols.Tests.WebSocket;

public sealed class WebSocketMessageRulesTests
{
    [Theory]
    [InlineData(WebSocketOpcode.Text, WebSocketOpcode.Continuation, WebSocketOpcode.Text)]
    [InlineData(WebSocketOpcode.Binary, WebSocketOpcode.Continuation, WebSocketOpcode.Binary)]
    [InlineData(WebSocketOpcode.Continuation, WebSocketOpcode.Text, WebSocketOpcode.Text)]
    [InlineData(WebSocketOpcode.Continuation, WebSocketOpcode.Binary, WebSocketOpcode.Binary)]
    public void ContinueMessage_DataFrame_StartsOrContinuesTheMessage(WebSocketOpcode frame, WebSocketOpcode inProgress, WebSocketOpcode expected)
    {
        Assert.Equal(expected, WebSocketMessageRules.ContinueMessage(frame, inProgress));
    }

    [Theory]
    [InlineData(WebSocketOpcode.Continuation, WebSocketOpcode.Continuation, "without a message in progress")]
    [InlineData(WebSocketOpcode.Text, WebSocketOpcode.Binary, "before the previous one ended")]
    [InlineData(WebSocketOpcode.Binary, WebSocketOpcode.Text, "before the previous one ended")]
    public void ContinueMessage_FrameOutOfOrder_ProtocolError(WebSocketOpcode frame, WebSocketOpcode inProgress, string message)
    {
        var failure = Assert.Throws<WebSocketProtocolException>(() => WebSocketMessageRules.ContinueMessage(frame, inProgress));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, failure.CloseStatus);
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadClose_EmptyPayload_1005WithoutReason()
    {
        Assert.Equal(WebSocketCloseStatus.NoStatusReceived, WebSocketMessageRules.ReadClose([], out var reason));
        Assert.True(reason.IsEmpty);
    }

    [Fact]
    public void ReadClose_CodeAndReason_Read()
    {
        Assert.Equal(4000, WebSocketMessageRules.ReadClose([0x0F, 0xA0, (byte)'b', (byte)'y', (byte)'e'], out var reason));
        Assert.Equal("bye"u8.ToArray(), reason.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0x03 }, WebSocketCloseStatus.ProtocolError)]                     // one byte
    [InlineData(new byte[] { 0x03, 0xED }, WebSocketCloseStatus.ProtocolError)]               // 1005 may not be sent
    [InlineData(new byte[] { 0x03, 0xEE }, WebSocketCloseStatus.ProtocolError)]               // nor 1006
    [InlineData(new byte[] { 0x03, 0xE8, 0xC0, 0xAF }, WebSocketCloseStatus.InvalidPayloadData)] // an overlong reason
    [InlineData(new byte[] { 0x03, 0xE8, 0xE2, 0x82 }, WebSocketCloseStatus.InvalidPayloadData)] // a cut code point
    public void ReadClose_BadPayload_RefusedWithItsCode(byte[] payload, int closeStatus)
    {
        var failure = Assert.Throws<WebSocketProtocolException>(() => WebSocketMessageRules.ReadClose(payload, out _));
        Assert.Equal(closeStatus, failure.CloseStatus);
    }
}
