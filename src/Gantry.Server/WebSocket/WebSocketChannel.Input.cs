using System.Buffers;
using Gantry.Application.WebSocket;
using Gantry.Protocols.WebSocket;

namespace Gantry.Server.WebSocket;

/// <summary>
/// Frames in (RFC 6455 §5, §6.2): data frames are unmasked into one message buffer (fragments reassembled, text checked
/// as UTF-8 across them, the whole message bounded by --websocket-max-size: 1009 beyond it); a ping is answered with a
/// pong at once; a close is answered with a close and ends the input. One whole message waits at a time: until the host
/// took it (<see cref="Advance"/>), nothing more is read, so a host that does not receive holds the client back through
/// TCP (or HTTP/2 flow control) instead of making the front buffer without bound.
/// </summary>
internal sealed partial class WebSocketChannel
{
    private byte[] _message = [];
    private int _messageLength;
    private WebSocketOpcode _messageOpcode;
    private bool _messageReady;
    private WebSocketFrameHeader _frame;
    private bool _inFrame;
    private long _framePosition;
    private bool _inputOver;
    private bool _clientClosed;
    private WebSocketUtf8Validator _utf8;
    private IWebSocketListener? _webSocketListener;

    /// <summary>True while a whole message waits for the host: the front reads no more until it was taken.</summary>
    public bool HoldsMessage => _messageReady;

    /// <summary>True once the client closed or the WebSocket failed: no more input is taken.</summary>
    public bool InputOver => _inputOver;

    /// <summary>The next whole message (<see cref="IWebSocketSession.Peek"/>).</summary>
    /// <remarks>
    /// When no message waits but whole frames are buffered (a client with several messages in flight), the next one is
    /// taken from the buffer here, so a host that receives again inside its step gets it at once: the messages of one
    /// wake-up are handled in one step and their answers leave in one send.
    /// </remarks>
    public WebSocketInput Peek(out ReadOnlySpan<byte> payload)
    {
        while (!_messageReady && !_inputOver && _accepted && !_transport.BufferedInput.IsEmpty && ProcessFrames())
        {
        }
        if (_messageReady)
        {
            payload = _message.AsSpan(0, _messageLength);
            return _messageOpcode == WebSocketOpcode.Text ? WebSocketInput.Text : WebSocketInput.Binary;
        }
        payload = default;
        return _inputOver ? WebSocketInput.Closed : WebSocketInput.None;
    }

    /// <summary>The message <see cref="Peek"/> showed was taken.</summary>
    public void Advance()
    {
        if (!_messageReady)
        {
            return;
        }
        _messageReady = false;
        _messageLength = 0;
        _messageOpcode = WebSocketOpcode.Continuation;
    }

    /// <summary>Has <paramref name="listener"/> called once when input (or the close) arrived.</summary>
    public void NotifyWhenInputArrives(IWebSocketListener listener) => _webSocketListener = listener;

    /// <summary>Tells the host of what the transport's SignalArrival announced (the front calls it once the input at hand was processed).</summary>
    public void NotifyArrival()
    {
        var listener = _webSocketListener;
        _webSocketListener = null;
        listener?.OnWebSocketInput();
    }

    /// <summary>Takes what it can of the buffered frames; true when it did something the front must follow up.</summary>
    public bool ProcessFrames()
    {
        if (_messageReady || _inputOver)
        {
            return false;
        }
        try
        {
            if (!_inFrame)
            {
                var limit = _options.WebSocketMaxMessageSize;
                if (!WebSocketFrameReader.TryReadHeader(_transport.BufferedInput, limit, compressionNegotiated: _deflate, out _frame, out var headerLength))
                {
                    return false;
                }
                _transport.ConsumeInput(headerLength);
                // Any frame shows the client is alive, as a pong would (a pong may wait behind a message being read).
                _awaitingPong = false;
                _inFrame = true;
                _framePosition = 0;
                if (!_frame.IsControl)
                {
                    BeginDataFrame(limit);
                }
            }
            return _frame.IsControl ? TakeControlFrame() : TakeDataPayload();
        }
        catch (WebSocketProtocolException failure)
        {
            Fail(failure.CloseStatus, failure.Message);
            return true;
        }
    }

    /// <summary>A data frame begins: it starts a message or continues the one in progress (§5.4), within the size limit.</summary>
    private void BeginDataFrame(int limit)
    {
        _messageOpcode = WebSocketMessageRules.ContinueMessage(_frame.Opcode, _messageOpcode);
        if (_frame.Opcode != WebSocketOpcode.Continuation)
        {
            _messageLength = 0;
            _utf8.Reset();
            _messageCompressed = _frame.Compressed;
            _compressedLength = 0;
        }
        else if (_frame.Compressed)
        {
            WebSocketProtocolException.ThrowProtocolError("RSV1 on a continuation frame (RFC 7692 §6.1)");
        }
        if (_messageCompressed)
        {
            Reserve(ref _compressed, _compressedLength, _frame.PayloadLength, limit, "a compressed message");
        }
        else
        {
            Reserve(ref _message, _messageLength, _frame.PayloadLength, limit, "a message");
        }
    }

    /// <summary>
    /// Room in <paramref name="buffer"/> (holding <paramref name="kept"/> bytes) for <paramref name="more"/> bytes, the
    /// whole within <paramref name="limit"/> (1009 beyond it); a larger buffer is rented from the shared pool.
    /// </summary>
    private static void Reserve(ref byte[] buffer, int kept, long more, int limit, string what)
    {
        var needed = kept + more;
        if (needed > limit)
        {
            throw new WebSocketProtocolException(WebSocketCloseStatus.MessageTooBig, $"{what} of more than {limit} bytes");
        }
        if (needed > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Max(needed, Math.Min(limit, buffer.Length * 2L)));
            buffer.AsSpan(0, kept).CopyTo(larger);
            Return(ref buffer);
            buffer = larger;
        }
    }

    /// <summary>Gives a rented buffer back to the shared pool.</summary>
    private static void Return(ref byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }

    private bool TakeDataPayload()
    {
        var remaining = _frame.PayloadLength - _framePosition;
        var take = (int)Math.Min(remaining, _transport.BufferedInput.Length);
        if (take == 0 && remaining > 0)
        {
            return false;
        }
        var piece = _messageCompressed ? _compressed.AsSpan(_compressedLength, take) : _message.AsSpan(_messageLength, take);
        _transport.BufferedInput[..take].CopyTo(piece);
        WebSocketMask.Apply(piece, _frame.MaskKey, _framePosition);
        _transport.ConsumeInput(take);
        _awaitingPong &= take == 0;
        _framePosition += take;
        var frameDone = _framePosition == _frame.PayloadLength;
        if (_messageCompressed)
        {
            _compressedLength += take;
        }
        else
        {
            _messageLength += take;
        }
        if (!_messageCompressed && _messageOpcode == WebSocketOpcode.Text && !_utf8.Append(piece, final: frameDone && _frame.Fin))
        {
            throw new WebSocketProtocolException(WebSocketCloseStatus.InvalidPayloadData, "a text message that is not UTF-8");
        }
        if (!frameDone)
        {
            return true;
        }
        _inFrame = false;
        if (_frame.Fin)
        {
            if (_messageCompressed)
            {
                InflateMessage(_options.WebSocketMaxMessageSize);
            }
            _messageReady = true;
            _transport.SignalArrival();
        }
        return true;
    }

    private bool TakeControlFrame()
    {
        var length = (int)_frame.PayloadLength;
        if (_transport.BufferedInput.Length < length)
        {
            return false;
        }
        Span<byte> payload = stackalloc byte[WebSocketFrameReader.MaxControlPayload];
        payload = payload[..length];
        _transport.BufferedInput[..length].CopyTo(payload);
        WebSocketMask.Apply(payload, _frame.MaskKey, 0);
        _transport.ConsumeInput(length);
        _inFrame = false;
        switch (_frame.Opcode)
        {
            case WebSocketOpcode.Ping when !_closeSent:
                WriteFrame(WebSocketOpcode.Pong, payload);
                break;
            case WebSocketOpcode.Close:
                TakeClose(payload);
                break;
        }
        return true;
    }

    /// <summary>The client's close (§5.5.1): its code and reason are checked, answered with the same code, and the input ends.</summary>
    private void TakeClose(ReadOnlySpan<byte> payload)
    {
        var status = WebSocketMessageRules.ReadClose(payload, out var reason);
        _clientClosed = true;
        if (!_closeSent)
        {
            _closeSent = true;
            WriteFrame(WebSocketOpcode.Close, payload.Length >= 2 ? payload[..2] : default);
        }
        EndInput(status, reason);
    }

    public void EndInput(int status, ReadOnlySpan<byte> reason)
    {
        _inputOver = true;
        CloseStatus = status;
        reason.CopyTo(_closeReason);
        _closeReasonLength = reason.Length;
        _transport.SignalArrival();
    }

    private void ResetInput()
    {
        _messageLength = 0;
        _messageOpcode = WebSocketOpcode.Continuation;
        _messageReady = _inFrame = _inputOver = _clientClosed = false;
        _framePosition = 0;
        _webSocketListener = null;
        _utf8.Reset();
    }

    /// <summary>A message buffer grown past the initial input size goes back to the pool when the WebSocket ends.</summary>
    private void ReturnMessageBuffer() => Return(ref _message);
}
