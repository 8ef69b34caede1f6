using System.Text.Unicode;
using Gantry.Protocols.WebSocket;

namespace Gantry.Fuzz.Targets;

/// <summary>The WebSocket reading side: frame headers, unmasking, the close payload and the UTF-8 validator.</summary>
public static class WebSocketTargets
{
    // A small --websocket-max-message-size, so the harness's message buffer stays small.
    private const int MaxMessage = 64 * 1024;

    /// <summary>
    /// Feeds client frames as HttpConnection.ProcessFrames does: a header once it is whole, then a data frame's
    /// payload as it arrives (unmasked at its position, a text message's UTF-8 checked piece by piece), a control
    /// frame once its payload is whole, and a close frame's code and reason checked (RFC 6455 §5.5.1, §7.4).
    /// Unmasking is compared with the byte-by-byte XOR of §5.3, and at each message's end the validator's verdict
    /// with the runtime's UTF-8 check of the whole message.
    /// </summary>
    public static void Frames(ReadOnlySpan<byte> raw)
    {
        var input = new FuzzInput(raw);
        var payload = input.Payload;
        var reader = new FrameReader();
        var start = 0;
        try
        {
            foreach (var available in input.ArrivalPoints())
            {
                while (start < available)
                {
                    var taken = reader.Take(payload[start..available]);
                    start += taken;
                    if (taken == 0 || reader.Closed)
                    {
                        break;
                    }
                }
                if (reader.Closed)
                {
                    return;
                }
            }
        }
        catch (WebSocketProtocolException failure)
        {
            FuzzFailure.Check(failure.CloseStatus is WebSocketCloseStatus.ProtocolError or WebSocketCloseStatus.InvalidPayloadData
                or WebSocketCloseStatus.MessageTooBig, $"a failure with close status {failure.CloseStatus}");
        }
    }

    /// <summary>
    /// The incremental validator fed the payload in the input's pieces (final on the last) must agree with
    /// <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/> on the whole: it may say no early (fail fast) only when no
    /// ending could make the bytes valid, so the whole is then invalid too.
    /// </summary>
    public static void Utf8(ReadOnlySpan<byte> raw)
    {
        var input = new FuzzInput(raw);
        var payload = input.Payload;
        FuzzFailure.Check(ValidateInPieces(payload, input.ArrivalPoints()) == System.Text.Unicode.Utf8.IsValid(payload),
            $"the validator in pieces and Utf8.IsValid disagree on {Convert.ToHexString(payload)}");
    }

    private static bool ValidateInPieces(ReadOnlySpan<byte> payload, List<int> points)
    {
        var validator = default(WebSocketUtf8Validator);
        var start = 0;
        foreach (var end in points)
        {
            if (!validator.Append(payload[start..end], final: end == payload.Length))
            {
                return false;
            }
            start = end;
        }
        return true;
    }

    private static void CheckUnmasked(ReadOnlySpan<byte> masked, ReadOnlySpan<byte> unmasked, uint key, long position)
    {
        for (var i = 0; i < masked.Length; i++)
        {
            var keyByte = (byte)(key >> (8 * (3 - (int)((position + i) & 3))));
            FuzzFailure.Check(unmasked[i] == (byte)(masked[i] ^ keyByte), $"byte {position + i} unmasked wrongly");
        }
    }

    private sealed class FrameReader
    {
        private readonly byte[] _message = new byte[MaxMessage];
        private WebSocketFrameHeader _frame;
        private bool _inFrame;
        private long _framePosition;
        private WebSocketOpcode _messageOpcode = WebSocketOpcode.Continuation;
        private int _messageLength;
        private bool _utf8Failed;
        private WebSocketUtf8Validator _utf8;

        public bool Closed { get; private set; }

        /// <summary>Takes what it can from the start of <paramref name="buffered"/>; returns the bytes taken.</summary>
        public int Take(ReadOnlySpan<byte> buffered)
        {
            var taken = 0;
            if (!_inFrame)
            {
                if (!WebSocketFrameReader.TryReadHeader(buffered, MaxMessage, compressionNegotiated: false, out _frame, out var headerLength))
                {
                    FuzzFailure.Check(headerLength == 0, "an incomplete header reported a length");
                    return 0;
                }
                FuzzFailure.Check(headerLength is >= 6 and <= WebSocketFrameReader.MaxHeaderLength && headerLength <= buffered.Length,
                    $"a header of {headerLength} bytes, {buffered.Length} buffered");
                FuzzFailure.Check(_frame.PayloadLength is >= 0 and <= MaxMessage, $"a payload of {_frame.PayloadLength} bytes passed");
                FuzzFailure.Check(!_frame.IsControl || (_frame.Fin && _frame.PayloadLength <= WebSocketFrameReader.MaxControlPayload),
                    "a fragmented or long control frame passed");
                taken = headerLength;
                buffered = buffered[headerLength..];
                _inFrame = true;
                _framePosition = 0;
                if (!_frame.IsControl)
                {
                    BeginDataFrame();
                }
            }
            return taken + (_frame.IsControl ? TakeControlFrame(buffered) : TakeDataPayload(buffered));
        }

        private void BeginDataFrame()
        {
            var before = _messageOpcode;
            _messageOpcode = WebSocketMessageRules.ContinueMessage(_frame.Opcode, _messageOpcode);
            FuzzFailure.Check(_frame.Opcode == WebSocketOpcode.Continuation ? _messageOpcode == before : _messageOpcode == _frame.Opcode,
                $"a {_frame.Opcode} frame during a {before} message made it a {_messageOpcode} message");
            if (_frame.Opcode != WebSocketOpcode.Continuation)
            {
                _messageLength = 0;
                _utf8Failed = false;
                _utf8.Reset();
            }
            if (_messageLength + _frame.PayloadLength > MaxMessage)
            {
                throw new WebSocketProtocolException(WebSocketCloseStatus.MessageTooBig, "a message over the limit");
            }
        }

        private int TakeDataPayload(ReadOnlySpan<byte> buffered)
        {
            var remaining = _frame.PayloadLength - _framePosition;
            var take = (int)Math.Min(remaining, buffered.Length);
            if (take == 0 && remaining > 0)
            {
                return 0;
            }
            var piece = _message.AsSpan(_messageLength, take);
            buffered[..take].CopyTo(piece);
            WebSocketMask.Apply(piece, _frame.MaskKey, _framePosition);
            CheckUnmasked(buffered[..take], piece, _frame.MaskKey, _framePosition);
            _messageLength += take;
            _framePosition += take;
            var frameDone = _framePosition == _frame.PayloadLength;
            var messageDone = frameDone && _frame.Fin;
            if (_messageOpcode == WebSocketOpcode.Text && !_utf8Failed && !_utf8.Append(piece, final: messageDone))
            {
                // The server fails the connection here (1007); the harness goes on to the message's end to compare.
                _utf8Failed = true;
            }
            if (frameDone)
            {
                _inFrame = false;
                if (messageDone)
                {
                    if (_messageOpcode == WebSocketOpcode.Text)
                    {
                        var valid = System.Text.Unicode.Utf8.IsValid(_message.AsSpan(0, _messageLength));
                        FuzzFailure.Check(valid == !_utf8Failed, $"the validator says {!_utf8Failed}, Utf8.IsValid says {valid}");
                        if (_utf8Failed)
                        {
                            throw new WebSocketProtocolException(WebSocketCloseStatus.InvalidPayloadData, "a text message that is not UTF-8");
                        }
                    }
                    _messageOpcode = WebSocketOpcode.Continuation;
                    _messageLength = 0;
                }
            }
            return take;
        }

        private int TakeControlFrame(ReadOnlySpan<byte> buffered)
        {
            var length = (int)_frame.PayloadLength;
            if (buffered.Length < length)
            {
                return 0;
            }
            Span<byte> payload = stackalloc byte[WebSocketFrameReader.MaxControlPayload];
            payload = payload[..length];
            buffered[..length].CopyTo(payload);
            WebSocketMask.Apply(payload, _frame.MaskKey, 0);
            CheckUnmasked(buffered[..length], payload, _frame.MaskKey, 0);
            _inFrame = false;
            if (_frame.Opcode == WebSocketOpcode.Close)
            {
                TakeClose(payload);
            }
            return length;
        }

        private void TakeClose(ReadOnlySpan<byte> payload)
        {
            try
            {
                var status = WebSocketMessageRules.ReadClose(payload, out var reason);
                FuzzFailure.Check(payload.Length == 0 ? status == WebSocketCloseStatus.NoStatusReceived && reason.IsEmpty
                    : WebSocketCloseStatus.IsValidOnTheWire(status) && reason.Length == payload.Length - 2 && System.Text.Unicode.Utf8.IsValid(reason),
                    $"a close payload of {payload.Length} bytes read as {status} with a {reason.Length}-byte reason");
            }
            catch (WebSocketProtocolException refused) when (refused.CloseStatus == WebSocketCloseStatus.InvalidPayloadData)
            {
                FuzzFailure.Check(!System.Text.Unicode.Utf8.IsValid(payload[2..]), "a UTF-8 close reason was refused");
                throw;
            }
            Closed = true;
        }
    }
}
