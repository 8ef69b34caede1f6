namespace Gantry.Application.WebSocket;

/// <summary>What <see cref="IWebSocketSession.Peek"/> found.</summary>
public enum WebSocketInput
{
    /// <summary>Nothing yet.</summary>
    None,

    /// <summary>A whole text message (valid UTF-8).</summary>
    Text,

    /// <summary>A whole binary message.</summary>
    Binary,

    /// <summary>The client closed, went away, or broke the protocol: no more messages.</summary>
    Closed,
}
