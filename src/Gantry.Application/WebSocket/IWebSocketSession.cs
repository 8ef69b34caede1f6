namespace Gantry.Application.WebSocket;

/// <summary>
/// A request that asked to become a WebSocket (RFC 6455 §4), as the front that owns its socket offers it to a host that
/// serves WebSocket (<see cref="IApplicationThread.AcceptsWebSocket"/>): set on <see cref="RequestContext.WebSocket"/>
/// once the front checked the upgrade headers. The host answers through the same <see cref="IResponseSink"/>: either an
/// ordinary HTTP response (a refusal: 403, ASGI's denial response), or <see cref="Accept"/> (after any extra
/// headers it added with <see cref="IResponseSink.AddHeader"/>): the front sends 101 and from then on owns the framing,
/// ping/pong, fragmentation, UTF-8 validation, the size limit and the closing handshake; the host sees whole messages.
/// The response stays in progress (<see cref="ApplicationStep.Pending"/>) until the host completes it, which ends the
/// WebSocket (a close frame with 1000 unless one was sent). Loop thread only.
/// </summary>
public interface IWebSocketSession
{
    /// <summary>True once <see cref="Accept"/> sent the 101.</summary>
    bool IsAccepted { get; }

    /// <summary>True once a close frame was sent or the connection failed: sending is over.</summary>
    bool IsClosed { get; }

    /// <summary>Sends 101 Switching Protocols with the headers added so far and <paramref name="subprotocol"/> (empty: none).</summary>
    void Accept(ReadOnlySpan<byte> subprotocol);

    /// <summary>
    /// The next whole message from the client: <see cref="WebSocketInput.None"/> when none is there yet (wait with
    /// <see cref="NotifyWhenInputArrives"/>), <see cref="WebSocketInput.Closed"/> once the client closed or the
    /// connection failed (<see cref="CloseStatus"/>, <see cref="CloseReason"/>; it stays so). The payload is valid until
    /// <see cref="Advance"/>.
    /// </summary>
    WebSocketInput Peek(out ReadOnlySpan<byte> payload);

    /// <summary>
    /// The message <see cref="Peek"/> showed was taken: the front reads the next. Outside a step of the response the
    /// host then calls <see cref="IResponseSink.Continue"/> (once pending) so the connection goes on reading.
    /// </summary>
    void Advance();

    /// <summary>Has <paramref name="listener"/> called once, on the loop thread, when input (or the close) arrived.</summary>
    void NotifyWhenInputArrives(IWebSocketListener listener);

    /// <summary>The close code the client sent (1005 without one), or why the connection ended (1006, 1002, 1007, 1009).</summary>
    int CloseStatus { get; }

    /// <summary>The client's close reason (UTF-8), empty if none.</summary>
    ReadOnlySpan<byte> CloseReason { get; }

    /// <summary>Sends one message. False when the output is above its high-water mark: wait to be resumed, as for <see cref="IResponseSink.Write"/>.</summary>
    bool Send(bool text, ReadOnlySpan<byte> payload);

    /// <summary>Sends a close frame (once): the closing handshake starts; the host then completes the response.</summary>
    void Close(int status, ReadOnlySpan<byte> reasonUtf8);
}
