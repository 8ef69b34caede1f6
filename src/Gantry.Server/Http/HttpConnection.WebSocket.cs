using Gantry.Application.WebSocket;
using Gantry.Protocols.WebSocket;
using Gantry.Server.Logging;

namespace Gantry.Server.Http;

/// <summary>
/// WebSocket on the HTTP front (RFC 6455): the upgrade is checked strictly (<see cref="WebSocketUpgradeValidator"/>) only
/// for a host that serves WebSocket and only when the head had an Upgrade field; the host accepts or refuses it through
/// <see cref="IWebSocketSession"/>, which this connection is. After the 101 the connection owns the framing: messages out
/// here, frames in (.WebSocketInput), the closing handshake, and the socket.
/// </summary>
internal sealed partial class HttpConnection : IWebSocketSession
{
    private static ReadOnlySpan<byte> SwitchingProtocols => "101 Switching Protocols"u8;

    private readonly byte[] _acceptValue = new byte[WebSocketHandshake.AcceptLength];
    private readonly byte[] _closeReason = new byte[WebSocketFrameWriter.MaxCloseReasonLength];
    private int _closeReasonLength;
    private bool _accepted;
    private bool _closeSent;
    private bool _awaitingPong;
    private long _pingSentAt;
    private long _offeredAt;
    private long _closeSentAt;

    /// <inheritdoc />
    public bool IsAccepted => _accepted;

    /// <inheritdoc />
    public bool IsClosed => _closeSent || ClientGone;

    /// <inheritdoc />
    public int CloseStatus { get; private set; }

    /// <inheritdoc />
    public ReadOnlySpan<byte> CloseReason => _closeReason.AsSpan(0, _closeReasonLength);

    /// <summary>
    /// For a request with an Upgrade field: offers it as a WebSocket to a host that serves them. False when the request
    /// goes on as an ordinary one (offered or not); true when it was refused with 400 (daphne's CVE-2026-44546: a
    /// smuggled or ambiguous upgrade is never guessed at).
    /// </summary>
    private bool OfferWebSocket(ReadOnlySpan<byte> buffered)
    {
        if (!Services.Application.AcceptsWebSocket(Request))
        {
            return false;
        }
        var check = WebSocketUpgradeValidator.Check(buffered, _head, out var key, out var reason);
        if (check == WebSocketUpgradeCheck.NotWebSocket)
        {
            return false;
        }
        if (check == WebSocketUpgradeCheck.Rejected)
        {
            Services.Logger.RequestRejected(Listener.DisplayAddress, 400, "WebSocket upgrade: " + reason);
            RejectRequest(400);
            return true;
        }
        WebSocketHandshake.WriteAccept(buffered[key], _acceptValue);
        ResetWebSocket();
        _offeredAt = Services.Loop.Time.GetTimestamp();
        NegotiateDeflate(buffered);
        Request.WebSocket = this;
        return false;
    }

    /// <inheritdoc />
    public void Accept(ReadOnlySpan<byte> subprotocol)
    {
        if (_accepted || HeadersCommitted)
        {
            throw new InvalidOperationException("the WebSocket was already accepted or answered");
        }
        _accepted = true;
        _awaitingPong = false;
        _pingSentAt = Services.Loop.Time.GetTimestamp();
        CommitUpgrade(SwitchingProtocols);
        var head = Output.GetSpan(160 + WebSocketDeflateNegotiation.MaxResponseHeaderLength + subprotocol.Length + ResponseHeaders.Length);
        var n = 0;
        Append(head, ref n, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "u8);
        Append(head, ref n, _acceptValue);
        Append(head, ref n, "\r\n"u8);
        if (!subprotocol.IsEmpty)
        {
            Append(head, ref n, "Sec-WebSocket-Protocol: "u8);
            Append(head, ref n, subprotocol);
            Append(head, ref n, "\r\n"u8);
        }
        n += WriteDeflateAnswer(head[n..]);
        Append(head, ref n, ResponseHeaders);
        Append(head, ref n, "\r\n"u8);
        Output.Commit(n);
        // The WebSocket may stay open for hours, idle: its CGI variables (read by the request log at the end) keep no spare room.
        Request.Variables.TrimExcess();
    }

    /// <inheritdoc />
    public bool Send(bool text, ReadOnlySpan<byte> payload)
    {
        if (!_accepted)
        {
            throw new InvalidOperationException("send before the WebSocket was accepted");
        }
        if (IsClosed)
        {
            return true;
        }
        WriteMessage(text ? WebSocketOpcode.Text : WebSocketOpcode.Binary, payload);
        return OutputBelowMark();
    }

    /// <inheritdoc />
    public void Close(int status, ReadOnlySpan<byte> reasonUtf8)
    {
        if (_closeSent || !_accepted)
        {
            return;
        }
        _closeSent = true;
        _closeSentAt = Services.Loop.Time.GetTimestamp();
        Span<byte> payload = stackalloc byte[WebSocketFrameReader.MaxControlPayload];
        WriteFrame(WebSocketOpcode.Close, payload[..WebSocketFrameWriter.WriteClosePayload(payload, status, reasonUtf8)]);
    }

    /// <inheritdoc />
    /// <remarks>RFC 6455 §7.4.1: 1001, the server is going away; the host sees the disconnect with the same code.</remarks>
    protected override void OnUpgradedShutdown()
    {
        Close(WebSocketCloseStatus.GoingAway, "server shutting down"u8);
        if (!_inputOver)
        {
            EndWebSocketInput(WebSocketCloseStatus.GoingAway, default);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Once a second, as daphne's check_timeouts: a WebSocket open longer than websocket-timeout (daphne's
    /// --websocket_timeout, counted from the upgrade request) is closed with 1000 and the host hears the client's answer
    /// as websocket.disconnect; a client that does not answer a server's close frame within websocket-pong-tolerance is
    /// taken as gone (1006). Keepalive (RFC 6455 §5.5.2): a ping every websocket-ping-freq seconds; a client that sends
    /// nothing (no pong, no frame) within websocket-pong-tolerance after it is gone: closed with 1011 and the host told,
    /// as the websockets library does for uvicorn.
    /// </remarks>
    protected override bool OnUpgradedTick(long now)
    {
        if (!_accepted)
        {
            return false;
        }
        var options = Services.Options;
        var time = Services.Loop.Time;
        if (_closeSent)
        {
            if (_inputOver || time.GetElapsedTime(_closeSentAt, now).TotalSeconds < options.WebSocketPongToleranceSeconds)
            {
                return false;
            }
            EndWebSocketInput(WebSocketCloseStatus.AbnormalClosure, default);
            return true;
        }
        if (options.WebSocketTimeoutSeconds >= 0 && time.GetElapsedTime(_offeredAt, now).TotalSeconds > options.WebSocketTimeoutSeconds)
        {
            Services.Logger.WebSocketTimedOut(Listener.DisplayAddress, options.WebSocketTimeoutSeconds);
            Close(WebSocketCloseStatus.NormalClosure, default);
            return true;
        }
        if (options.WebSocketPingSeconds <= 0)
        {
            return false;
        }
        if (_awaitingPong)
        {
            if (time.GetElapsedTime(_pingSentAt, now).TotalSeconds < options.WebSocketPongToleranceSeconds)
            {
                return false;
            }
            FailWebSocket(WebSocketCloseStatus.InternalError, "keepalive ping timeout");
            return true;
        }
        if (time.GetElapsedTime(_pingSentAt, now).TotalSeconds < options.WebSocketPingSeconds)
        {
            return false;
        }
        WriteFrame(WebSocketOpcode.Ping, default);
        _pingSentAt = now;
        _awaitingPong = true;
        return true;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A WebSocket the host neither accepted nor refused within websocket-connect-timeout (daphne's
    /// --websocket_connect_timeout) of its upgrade request is refused as daphne does: 403, the host's response aborted
    /// (the app receives websocket.disconnect 1006), the connection closed after the refusal.
    /// </remarks>
    protected override bool OnRespondingTick(long now)
    {
        var limit = Services.Options.WebSocketConnectTimeoutSeconds;
        if (limit < 0 || !ReferenceEquals(Request.WebSocket, this) || _accepted || HeadersCommitted
            || Services.Loop.Time.GetElapsedTime(_offeredAt, now).TotalSeconds <= limit)
        {
            return false;
        }
        Services.Logger.WebSocketConnectTimedOut(Listener.DisplayAddress, limit);
        RejectRequest(403);
        return true;
    }

    /// <inheritdoc />
    /// <remarks>A WebSocket whose host was aborted (the client left) never completed its response: its buffers and zlib's state go here.</remarks>
    protected override void OnClosed()
    {
        ReturnMessageBuffer();
        EndDeflate();
    }

    /// <inheritdoc />
    protected override bool PeerOwesClosingAnswer => _accepted && !_clientClosed && !ClientGone;

    /// <summary>The response of an accepted WebSocket completed: a close frame (1000) unless one left already.</summary>
    private void CompleteWebSocket() => Close(WebSocketCloseStatus.NormalClosure, default);

    /// <summary>The connection cannot go on (a protocol error, a message over the limit): close frame with the reason, input over.</summary>
    private void FailWebSocket(int status, string reason)
    {
        Services.Logger.WebSocketFailed(Listener.DisplayAddress, status, reason);
        Close(status, default);
        EndWebSocketInput(status, default);
    }

    private void WriteFrame(WebSocketOpcode opcode, ReadOnlySpan<byte> payload, bool compressed = false)
    {
        Span<byte> header = stackalloc byte[WebSocketFrameWriter.MaxHeaderLength];
        Output.Write(header[..WebSocketFrameWriter.WriteHeader(header, fin: true, opcode, payload.Length, compressed)]);
        Output.Write(payload);
    }

    private void ResetWebSocket()
    {
        _accepted = _closeSent = false;
        CloseStatus = WebSocketCloseStatus.AbnormalClosure;
        _closeReasonLength = 0;
        ResetWebSocketInput();
        EndDeflate();
    }
}
