namespace Gantry.Protocols.WebSocket;

/// <summary>The peer broke RFC 6455: the connection is failed with <see cref="CloseStatus"/> (§7.1.7).</summary>
public sealed class WebSocketProtocolException : Exception
{
    /// <summary>A violation that fails the connection with <paramref name="closeStatus"/>.</summary>
    public WebSocketProtocolException(int closeStatus, string message)
        : base(message)
    {
        CloseStatus = closeStatus;
    }

    /// <summary>The code of the close frame the server sends before it closes (1002, 1007, 1009…).</summary>
    public int CloseStatus { get; }

    /// <summary>Throws a protocol error (1002).</summary>
    public static void ThrowProtocolError(string message) => throw new WebSocketProtocolException(WebSocketCloseStatus.ProtocolError, message);
}
