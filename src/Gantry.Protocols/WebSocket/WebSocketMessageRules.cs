using System.Buffers.Binary;

namespace Gantry.Protocols.WebSocket;

/// <summary>
/// The rules above single frames that a server applies to what a client sends (RFC 6455 §5.4 fragmentation, §5.5.1
/// close), kept here, sans-IO, so the connection and the fuzz harness run the same checks.
/// </summary>
public static class WebSocketMessageRules
{
    /// <summary>
    /// A data frame arrives while <paramref name="messageOpcode"/> is in progress (Continuation when none is): a
    /// continuation needs a message in progress, a Text or Binary frame needs none (§5.4).
    /// </summary>
    /// <returns>The message's opcode from now on; a new message starts when the frame's opcode is not Continuation.</returns>
    /// <exception cref="WebSocketProtocolException">The frame breaks §5.4 (close code 1002).</exception>
    public static WebSocketOpcode ContinueMessage(WebSocketOpcode frameOpcode, WebSocketOpcode messageOpcode)
    {
        if (frameOpcode == WebSocketOpcode.Continuation)
        {
            if (messageOpcode == WebSocketOpcode.Continuation)
            {
                WebSocketProtocolException.ThrowProtocolError("a continuation frame without a message in progress");
            }
            return messageOpcode;
        }
        if (messageOpcode != WebSocketOpcode.Continuation)
        {
            WebSocketProtocolException.ThrowProtocolError("a new message began before the previous one ended");
        }
        return frameOpcode;
    }

    /// <summary>
    /// Reads a client's close payload (§5.5.1, unmasked): empty (status 1005, no reason) or a code a peer may send
    /// followed by a UTF-8 reason.
    /// </summary>
    /// <exception cref="WebSocketProtocolException">A one-byte payload, a code not allowed on the wire (1002), or a
    /// reason that is not UTF-8 (1007).</exception>
    public static int ReadClose(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> reason)
    {
        reason = default;
        if (payload.Length == 1)
        {
            WebSocketProtocolException.ThrowProtocolError("a close frame with a one-byte payload");
        }
        if (payload.Length < 2)
        {
            return WebSocketCloseStatus.NoStatusReceived;
        }
        int status = BinaryPrimitives.ReadUInt16BigEndian(payload);
        if (!WebSocketCloseStatus.IsValidOnTheWire(status))
        {
            WebSocketProtocolException.ThrowProtocolError($"close code {status} may not be sent");
        }
        reason = payload[2..];
        var utf8 = default(WebSocketUtf8Validator);
        if (!utf8.Append(reason, final: true))
        {
            throw new WebSocketProtocolException(WebSocketCloseStatus.InvalidPayloadData, "a close reason that is not UTF-8");
        }
        return status;
    }
}
