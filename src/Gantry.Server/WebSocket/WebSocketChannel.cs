using Gantry.Application.WebSocket;
using Gantry.Protocols.WebSocket;
using Gantry.Server.Logging;
using Microsoft.Extensions.Logging;

namespace Gantry.Server.WebSocket;

/// <summary>
/// One WebSocket after its handshake (RFC 6455), whatever carries it: an upgraded HTTP/1.1 connection, or an HTTP/2
/// stream opened by extended CONNECT (RFC 8441, where the frames are the stream's DATA, unchanged). It owns the
/// framing: messages out, frames in (.Input: fragments, UTF-8, the size limit, ping/pong), permessage-deflate
/// (.Deflate), the closing handshake, keepalive and daphne's timeouts; the host sees whole messages through the front's
/// <see cref="IWebSocketSession"/>, which delegates here. The front owns the bytes (<see cref="IWebSocketTransport"/>)
/// and the handshake (101 or 200). One per front object, reused; loop thread only.
/// </summary>
internal sealed partial class WebSocketChannel
{
    private readonly IWebSocketTransport _transport;
    private readonly ServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly byte[] _closeReason = new byte[WebSocketFrameWriter.MaxCloseReasonLength];
    private int _closeReasonLength;
    private bool _accepted;
    private bool _closeSent;
    private bool _awaitingPong;
    private long _pingSentAt;
    private long _offeredAt;
    private long _closeSentAt;

    public WebSocketChannel(IWebSocketTransport transport, ServerOptions options, TimeProvider time, ILogger logger)
    {
        _transport = transport;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>True once the front sent its handshake answer (<see cref="MarkAccepted"/>).</summary>
    public bool IsAccepted => _accepted;

    /// <summary>True once a close frame was sent or the client left: sending is over.</summary>
    public bool IsClosed => _closeSent || _transport.ClientGone;

    /// <summary>The client's close code (1005 without one), or why the WebSocket ended (1006, 1002, 1007, 1009).</summary>
    public int CloseStatus { get; private set; }

    /// <summary>The client's close reason (UTF-8), empty if none.</summary>
    public ReadOnlySpan<byte> CloseReason => _closeReason.AsSpan(0, _closeReasonLength);

    /// <summary>
    /// A request asked for a WebSocket and goes to the host: the state of a previous one is cleared, the connect
    /// timeout counts from now, and permessage-deflate is agreed if the client offered it acceptably
    /// (<paramref name="deflateOffered"/>, <paramref name="deflate"/>) and websocket-per-message-deflate is on.
    /// </summary>
    public void Offer(bool deflateOffered, WebSocketDeflateParameters deflate)
    {
        Reset();
        _offeredAt = _time.GetTimestamp();
        _deflateOffered = _options.WebSocketPerMessageDeflate && deflateOffered;
        _deflateParameters = deflate;
    }

    /// <summary>
    /// The host accepted: the front now writes its answer, with the Sec-WebSocket-Extensions line this writes into
    /// <paramref name="extensionsLine"/> (its length returned; 0 when permessage-deflate was not agreed).
    /// </summary>
    public int MarkAccepted(Span<byte> extensionsLine)
    {
        if (_accepted)
        {
            throw new InvalidOperationException("the WebSocket was already accepted or answered");
        }
        _accepted = true;
        _awaitingPong = false;
        _pingSentAt = _time.GetTimestamp();
        _deflate = _deflateOffered;
        return _deflate ? WebSocketDeflateNegotiation.WriteResponseHeader(extensionsLine, _deflateParameters) : 0;
    }

    /// <summary>The value of the answer's Sec-WebSocket-Extensions field, or null (for a front that sets fields by name).</summary>
    public string? AgreedExtensions =>
        _deflate ? System.Text.Encoding.ASCII.GetString(WebSocketDeflateNegotiation.ResponseValue(_deflateParameters)) : null;

    /// <summary>Sends one message; false above the high-water mark (the host waits to be resumed).</summary>
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
        return _transport.OutputBelowMark();
    }

    /// <summary>Sends a close frame (once): the closing handshake starts.</summary>
    public void Close(int status, ReadOnlySpan<byte> reasonUtf8)
    {
        if (_closeSent || !_accepted)
        {
            return;
        }
        _closeSent = true;
        _closeSentAt = _time.GetTimestamp();
        Span<byte> payload = stackalloc byte[WebSocketFrameReader.MaxControlPayload];
        WriteFrame(WebSocketOpcode.Close, payload[..WebSocketFrameWriter.WriteClosePayload(payload, status, reasonUtf8)]);
    }

    /// <summary>RFC 6455 §7.4.1: 1001, the server is going away; the host sees the disconnect with the same code.</summary>
    public void Shutdown()
    {
        Close(WebSocketCloseStatus.GoingAway, "server shutting down"u8);
        if (!_inputOver)
        {
            EndInput(WebSocketCloseStatus.GoingAway, default);
        }
    }

    /// <summary>
    /// Once a second, as daphne's check_timeouts: a WebSocket open longer than websocket-timeout (daphne's
    /// --websocket_timeout, counted from the upgrade request) is closed with 1000 and the host hears the client's answer
    /// as websocket.disconnect; a client that does not answer a server's close frame within websocket-pong-tolerance is
    /// taken as gone (1006). Keepalive (RFC 6455 §5.5.2): a ping every websocket-ping-freq seconds; a client that sends
    /// nothing (no pong, no frame) within websocket-pong-tolerance after it is gone: closed with 1011 and the host told,
    /// as the websockets library does for uvicorn. True when the front must follow up (send, tell the host).
    /// </summary>
    public bool Tick(long now)
    {
        if (!_accepted)
        {
            return false;
        }
        if (_closeSent)
        {
            if (_inputOver || _time.GetElapsedTime(_closeSentAt, now).TotalSeconds < _options.WebSocketPongToleranceSeconds)
            {
                return false;
            }
            EndInput(WebSocketCloseStatus.AbnormalClosure, default);
            return true;
        }
        if (_options.WebSocketTimeoutSeconds >= 0 && _time.GetElapsedTime(_offeredAt, now).TotalSeconds > _options.WebSocketTimeoutSeconds)
        {
            _logger.WebSocketTimedOut(_transport.DisplayAddress, _options.WebSocketTimeoutSeconds);
            Close(WebSocketCloseStatus.NormalClosure, default);
            return true;
        }
        if (_options.WebSocketPingSeconds <= 0)
        {
            return false;
        }
        if (_awaitingPong)
        {
            if (_time.GetElapsedTime(_pingSentAt, now).TotalSeconds < _options.WebSocketPongToleranceSeconds)
            {
                return false;
            }
            Fail(WebSocketCloseStatus.InternalError, "keepalive ping timeout");
            return true;
        }
        if (_time.GetElapsedTime(_pingSentAt, now).TotalSeconds < _options.WebSocketPingSeconds)
        {
            return false;
        }
        WriteFrame(WebSocketOpcode.Ping, default);
        _pingSentAt = now;
        _awaitingPong = true;
        return true;
    }

    /// <summary>
    /// True (and logged) when the host neither accepted nor refused within websocket-connect-timeout (daphne's
    /// --websocket_connect_timeout) of the request: the front refuses it with 403, as daphne does.
    /// </summary>
    public bool ConnectTimedOut(long now)
    {
        var limit = _options.WebSocketConnectTimeoutSeconds;
        if (limit < 0 || _accepted || _time.GetElapsedTime(_offeredAt, now).TotalSeconds <= limit)
        {
            return false;
        }
        _logger.WebSocketConnectTimedOut(_transport.DisplayAddress, limit);
        return true;
    }

    /// <summary>True while the client still owes its answer to the server's close frame (RFC 6455 §7.1.1).</summary>
    public bool PeerOwesClosingAnswer => _accepted && !_clientClosed && !_transport.ClientGone;

    /// <summary>The host completed the response of an accepted WebSocket: a close frame (1000) unless one left, then the buffers and zlib's state go.</summary>
    public void Complete()
    {
        Close(WebSocketCloseStatus.NormalClosure, default);
        Release();
    }

    /// <summary>Frees what the WebSocket held (its message buffers, zlib's state): it ended, or its connection closed.</summary>
    public void Release()
    {
        ReturnMessageBuffer();
        EndDeflate();
    }

    /// <summary>
    /// Forgets the last WebSocket (its buffers and zlib's state go): for a front object that serves other requests
    /// after it, so nothing of it (an accepted state a completion would close) leaks into the next one.
    /// </summary>
    public void Reset()
    {
        _accepted = _closeSent = false;
        CloseStatus = WebSocketCloseStatus.AbnormalClosure;
        _closeReasonLength = 0;
        ResetInput();
        EndDeflate();
    }

    /// <summary>The WebSocket cannot go on (a protocol error, a message over the limit): close frame, input over.</summary>
    private void Fail(int status, string reason)
    {
        _logger.WebSocketFailed(_transport.DisplayAddress, status, reason);
        Close(status, default);
        EndInput(status, default);
    }

    private void WriteFrame(WebSocketOpcode opcode, ReadOnlySpan<byte> payload, bool compressed = false)
    {
        Span<byte> header = stackalloc byte[WebSocketFrameWriter.MaxHeaderLength];
        _transport.Write(header[..WebSocketFrameWriter.WriteHeader(header, fin: true, opcode, payload.Length, compressed)]);
        _transport.Write(payload);
    }
}
