namespace Gantry.Protocols.WebSocket;

/// <summary>The close codes of RFC 6455 §7.4.1 that a server sends, and the rule for codes a peer may send (§7.4.2).</summary>
public static class WebSocketCloseStatus
{
    /// <summary>1000: the purpose of the connection was fulfilled.</summary>
    public const int NormalClosure = 1000;

    /// <summary>1001: the server is going away (shutdown, reload).</summary>
    public const int GoingAway = 1001;

    /// <summary>1002: the peer broke the protocol.</summary>
    public const int ProtocolError = 1002;

    /// <summary>1003: a kind of data the endpoint cannot accept.</summary>
    public const int UnsupportedData = 1003;

    /// <summary>1005: no status code was present (never sent on the wire).</summary>
    public const int NoStatusReceived = 1005;

    /// <summary>1006: the connection closed without a close frame (never sent on the wire).</summary>
    public const int AbnormalClosure = 1006;

    /// <summary>1007: a text message that is not UTF-8.</summary>
    public const int InvalidPayloadData = 1007;

    /// <summary>1008: a message that violates the endpoint's policy.</summary>
    public const int PolicyViolation = 1008;

    /// <summary>1009: a message too big to process (daphne's and uvicorn's size limits).</summary>
    public const int MessageTooBig = 1009;

    /// <summary>1011: the server met an unexpected condition (an app exception: ASGI "websocket.close" 1011).</summary>
    public const int InternalError = 1011;

    /// <summary>
    /// True for a code a peer may send in a close frame: 1000–1003, 1007–1011 (1012–1014 registered since), and
    /// 3000–4999 for libraries and applications; 1004–1006, 1015 and anything else are protocol errors (§7.4.1, §7.4.2).
    /// </summary>
    public static bool IsValidOnTheWire(int code) =>
        code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);
}
