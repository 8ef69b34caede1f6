using System.Buffers;
using System.Text;
using Gantry.Application;
using Gantry.Application.WebSocket;
using Gantry.Protocols.WebSocket;
using Gantry.Server.WebSocket;

namespace Gantry.Kestrel;

/// <summary>
/// WebSocket through Kestrel, the loop side: an extended CONNECT with <c>:protocol websocket</c> (HTTP/2, RFC 8441) or
/// an HTTP/1.1 upgrade on an HTTPS socket is offered to the host as the HTTP front offers an upgrade
/// (<see cref="RequestContext.WebSocket"/> is this exchange). Accepting publishes a 200 head (RFC 8441 §5: 200 instead
/// of 101, no Sec-WebSocket-Accept) or a 101, with the subprotocol and permessage-deflate's answer; from then on the
/// stream's DATA (or the upgraded connection's bytes) are RFC 6455 frames, unchanged, and the framing is the
/// same <see cref="WebSocketChannel"/> the HTTP front uses: its input is the DATA Kestrel's side handed to this loop
/// (<c>.WebSocketTransfer</c>, one Kestrel buffer in flight), its output the exchange's queue, with the same high-water
/// mark. Keepalive pings and daphne's timeouts run on a 1 s loop timer. Loop thread only, except where marked.
/// </summary>
internal sealed partial class KestrelExchange : IWebSocketSession, IWebSocketTransport, ITimerHandler
{
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);

    private WebSocketChannel? _webSocket;
    private ILoopTimer? _webSocketTimer;

    // The DATA handed over and not yet taken by the channel (loop side; given back to the pool whenever it empties).
    private byte[] _webSocketInput = [];
    private int _webSocketInputStart;
    private int _webSocketInputEnd;

    // Shared, under _gate: the host accepted (Kestrel's side then calls AcceptAsync instead of answering).
    private bool _webSocketAccepted;

    // Set by Kestrel's side before the request is posted: an HTTP/1.1 upgrade (101) rather than an extended CONNECT (200).
    private bool _webSocketUpgrade;

    private WebSocketChannel Channel => _webSocket ??= new WebSocketChannel(this, _front.Server, _front.Time, _front.Logger);

    /// <summary>Kestrel's side, before the request is posted: the request becomes a WebSocket offer.</summary>
    private void OfferWebSocket(string? extensions)
    {
        var offered = false;
        WebSocketDeflateParameters deflate = default;
        if (extensions is not null)
        {
            offered = WebSocketDeflateNegotiation.TryAcceptField(Encoding.Latin1.GetBytes(extensions), out deflate);
        }
        Channel.Offer(offered, deflate);
        Request.WebSocket = this;
    }

    /// <summary>The loop side of the offer, as the request is invoked: a host that serves no WebSocket gets a 501.</summary>
    private bool StartWebSocket()
    {
        if (!_target.Application.AcceptsWebSocket(Request))
        {
            Request.WebSocket = null;
            SetStatus("501 Not Implemented"u8);
            PlainTextResponse.Write(this, "501 Not Implemented: no WebSocket application here (extended CONNECT, RFC 8441)"u8);
            End(cut: false);
            return false;
        }
        _webSocketTimer = _target.Loop.StartTimer(TickPeriod, this, TickPeriod);
        return true;
    }

    /// <inheritdoc />
    public bool IsAccepted => _webSocket?.IsAccepted == true;

    /// <inheritdoc />
    public bool IsClosed => Channel.IsClosed;

    /// <inheritdoc />
    public int CloseStatus => Channel.CloseStatus;

    /// <inheritdoc />
    public ReadOnlySpan<byte> CloseReason => Channel.CloseReason;

    /// <inheritdoc />
    public void Accept(ReadOnlySpan<byte> subprotocol)
    {
        if (_committed)
        {
            throw new InvalidOperationException("the WebSocket was already accepted or answered");
        }
        Span<byte> unused = stackalloc byte[WebSocketDeflateNegotiation.MaxResponseHeaderLength];
        Channel.MarkAccepted(unused);
        (_statusCode, _reason) = _webSocketUpgrade ? (101, "Switching Protocols") : (200, "OK");
        if (!subprotocol.IsEmpty)
        {
            AddHeader("Sec-WebSocket-Protocol"u8, subprotocol);
        }
        if (Channel.AgreedExtensions is { } extensions)
        {
            _headers.Add(new("Sec-WebSocket-Extensions", extensions));
        }
        lock (_gate)
        {
            _webSocketAccepted = true;
        }
        Commit();
        lock (_gate)
        {
            SignalLocked();
        }
        // The WebSocket may stay open for hours, idle: its CGI variables (read by the request log at the end) keep no spare room.
        Request.Variables.TrimExcess();
    }

    /// <inheritdoc />
    public bool Send(bool text, ReadOnlySpan<byte> payload)
    {
        var below = Channel.Send(text, payload);
        _bodyBytes += payload.Length;
        return below;
    }

    /// <inheritdoc />
    public void Close(int status, ReadOnlySpan<byte> reasonUtf8) => Channel.Close(status, reasonUtf8);

    /// <inheritdoc />
    public WebSocketInput Peek(out ReadOnlySpan<byte> payload)
    {
        var input = Channel.Peek(out payload);
        if (input == WebSocketInput.None)
        {
            TakeMoreWebSocketInput();
        }
        return input;
    }

    /// <inheritdoc />
    public void Advance() => Channel.Advance();

    /// <inheritdoc />
    public void NotifyWhenInputArrives(IWebSocketListener listener) => Channel.NotifyWhenInputArrives(listener);

    ReadOnlySpan<byte> IWebSocketTransport.BufferedInput => _webSocketInput.AsSpan(_webSocketInputStart, _webSocketInputEnd - _webSocketInputStart);

    void IWebSocketTransport.ConsumeInput(int count) => _webSocketInputStart += count;

    void IWebSocketTransport.Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty || _clientGone)
        {
            return;
        }
        lock (_gate)
        {
            AppendLocked(bytes);
            SignalLocked();
        }
    }

    bool IWebSocketTransport.OutputBelowMark()
    {
        lock (_gate)
        {
            if (_queued < HighWater)
            {
                return !_clientGone;
            }
            _resumeBelow = HighWater / 2;
            SignalLocked();
            return false;
        }
    }

    private bool _webSocketArrival;

    void IWebSocketTransport.SignalArrival() => _webSocketArrival = true;

    string IWebSocketTransport.DisplayAddress => _displayAddress;

    /// <summary>Loop side: the DATA Kestrel handed over (<see cref="StepKind.WebSocketData"/>) is appended and framed.</summary>
    private void TakeWebSocketData()
    {
        var taken = _webSocketTaken!;
        var buffer = _webSocketHandover.AsSpan(0, _webSocketHandoverLength);
        if (_loopDone || _webSocket is not { IsAccepted: true } channel)
        {
            taken.TrySetResult(false);
            return;
        }
        if (_webSocketEnds && buffer.IsEmpty && !channel.InputOver)
        {
            // The client ended its stream without a close frame: as a TCP connection that closed (1006).
            channel.EndInput(WebSocketCloseStatus.AbnormalClosure, default);
        }
        var length = buffer.Length;
        var kept = _webSocketInputEnd - _webSocketInputStart;
        if (kept + length > _webSocketInput.Length - _webSocketInputStart)
        {
            var larger = kept + length > _webSocketInput.Length ? ArrayPool<byte>.Shared.Rent(Math.Max(kept + length, 16 * 1024)) : _webSocketInput;
            _webSocketInput.AsSpan(_webSocketInputStart, kept).CopyTo(larger);
            if (!ReferenceEquals(larger, _webSocketInput))
            {
                ReturnWebSocketInput();
                _webSocketInput = larger;
            }
            _webSocketInputStart = 0;
            _webSocketInputEnd = kept;
        }
        buffer.CopyTo(_webSocketInput.AsSpan(_webSocketInputEnd));
        _webSocketInputEnd += length;
        // Kestrel may reuse its buffer from here on; it reads on once the channel wants more (TakeMoreWebSocketInput).
        _webSocketOwed = taken;
        FrameWebSocketInput(channel);
    }

    /// <summary>Frames what is buffered (as the HTTP front's pump does), tells the host, and lets Kestrel read on when it may.</summary>
    private void FrameWebSocketInput(WebSocketChannel channel)
    {
        while (!channel.HoldsMessage && !channel.InputOver && _webSocketInputEnd > _webSocketInputStart && channel.ProcessFrames())
        {
        }
        TakeMoreWebSocketInput();
        NotifyWebSocketArrival();
    }

    /// <summary>The channel holds no whole message: what is buffered is part of one, so Kestrel may hand over the next DATA.</summary>
    private void TakeMoreWebSocketInput()
    {
        if (_webSocket is not { } channel || channel.HoldsMessage)
        {
            return;
        }
        if (_webSocketInputStart == _webSocketInputEnd)
        {
            // An idle WebSocket keeps no input buffer (thousands of them are common).
            ReturnWebSocketInput();
        }
        if (_webSocketOwed is { } owed)
        {
            _webSocketOwed = null;
            owed.TrySetResult(!channel.InputOver);
        }
    }

    private void NotifyWebSocketArrival()
    {
        if (!_webSocketArrival)
        {
            return;
        }
        _webSocketArrival = false;
        try
        {
            _webSocket?.NotifyArrival();
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            _front.LogHostFailure(failure);
            var continuation = _continuation;
            _continuation = null;
            continuation?.Abort();
            After(ApplicationStep.Failed, null);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The 1 s tick of an HTTP/2 WebSocket: before the accept, websocket-connect-timeout (403, the host aborted, as on
    /// HTTP/1.1); after it, the channel's keepalive ping, websocket-timeout and the wait for the client's close frame.
    /// </remarks>
    public void OnTimer()
    {
        if (_loopDone || _webSocket is not { } channel)
        {
            return;
        }
        var now = _front.Time.GetTimestamp();
        if (!channel.IsAccepted)
        {
            if (!_committed && channel.ConnectTimedOut(now))
            {
                var continuation = _continuation;
                _continuation = null;
                continuation?.Abort();
                SetStatus("403 Forbidden"u8);
                PlainTextResponse.Write(this, "403 Forbidden"u8);
                End(cut: false);
            }
            return;
        }
        if (channel.Tick(now))
        {
            NotifyWebSocketArrival();
        }
    }

    /// <summary>A graceful stop (posted by the front): close with 1001 and tell the host, as on HTTP/1.1.</summary>
    private void ShutDownWebSocket()
    {
        if (_loopDone || _webSocket is not { IsAccepted: true } channel)
        {
            return;
        }
        channel.Shutdown();
        NotifyWebSocketArrival();
    }

    /// <summary>The host completed an accepted WebSocket's response: the close frame (1000 unless one left) is queued.</summary>
    private void CompleteWebSocket()
    {
        if (ReferenceEquals(Request.WebSocket, this) && _webSocket is { IsAccepted: true } channel)
        {
            channel.Complete();
        }
    }

    /// <summary>The loop side is done with the WebSocket: its timer, buffers, zlib's state, and Kestrel's pending hand-over.</summary>
    private void EndWebSocket()
    {
        if (_webSocketTimer is null)
        {
            return;
        }
        _webSocketTimer?.Cancel();
        _webSocketTimer = null;
        _webSocket?.Release();
        // The exchange serves other requests next: an aborted WebSocket's accepted state must not close one of them.
        _webSocket?.Reset();
        ReturnWebSocketInput();
        _webSocketOwed?.TrySetResult(false);
        _webSocketOwed = null;
    }

    private void ReturnWebSocketInput()
    {
        if (_webSocketInput.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_webSocketInput);
        }
        _webSocketInput = [];
        _webSocketInputStart = _webSocketInputEnd = 0;
    }
}
