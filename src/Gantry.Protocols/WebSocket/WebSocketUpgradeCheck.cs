namespace Gantry.Protocols.WebSocket;

/// <summary>What <see cref="WebSocketUpgradeValidator.Check"/> made of a request with <c>Upgrade</c> headers.</summary>
public enum WebSocketUpgradeCheck
{
    /// <summary>No upgrade to websocket is asked (another protocol, e.g. h2c): an ordinary request.</summary>
    NotWebSocket,

    /// <summary>A valid opening handshake (RFC 6455 §4.2.1).</summary>
    Valid,

    /// <summary>A websocket upgrade with missing, repeated, ambiguous or contradictory fields: 400.</summary>
    Rejected,
}
