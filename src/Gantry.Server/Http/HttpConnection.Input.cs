using System.Buffers;
using Gantry.Application;
using Gantry.Protocols.Http;
using Gantry.Server.Logging;
using Gantry.Server.Native;

namespace Gantry.Server.Http;

internal sealed unsafe partial class HttpConnection
{
    private static ReadOnlySpan<byte> ContinueResponse => "HTTP/1.1 100 Continue\r\n\r\n"u8;

    private HttpChunkedDecoder _chunked;
    private long _bodyRemaining;
    private int _requestsServed;

    /// <summary>
    /// Reads what the socket has. Returns false when the connection closed or nothing more can be read now.
    /// A short read means the kernel queue is empty; with edge-triggered epoll the next arrival raises a new
    /// event, so no second recv is spent to hear EAGAIN (nginx does the same).
    /// </summary>
    private bool Receive()
    {
        if (_inputEnd == _input.Length && !MakeInputRoom())
        {
            return false;
        }
        nint received;
        fixed (byte* buffer = &_input[_inputEnd])
        {
            received = LibC.recv(_fd, buffer, _input.Length - _inputEnd, 0);
        }
        if (received > 0)
        {
            if (received < _input.Length - _inputEnd)
            {
                _readable = false;
            }
            _inputEnd += (int)received;
            return true;
        }
        if (received == 0)
        {
            _inputClosed = true;
            _readable = false;
            return true;
        }
        var errno = LibC.Errno;
        if (errno == LibC.EAGAIN)
        {
            _readable = false;
            return false;
        }
        if (errno == LibC.EINTR)
        {
            return true;
        }
        _clientGone = true;
        Close();
        return false;
    }

    /// <summary>Compacts or grows the input buffer (up to the head limit plus room for body bytes).</summary>
    private bool MakeInputRoom()
    {
        if (_inputStart > 0)
        {
            _input.AsSpan(_inputStart, _inputEnd - _inputStart).CopyTo(_input);
            _inputEnd -= _inputStart;
            _inputStart = 0;
            return true;
        }
        var limit = _front.Options.BufferSize + InitialInputSize;
        if (_input.Length >= limit)
        {
            return false;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, _input.Length * 2));
        _input.AsSpan(0, _inputEnd).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_input);
        _input = larger;
        return true;
    }

    /// <summary>Makes progress on buffered input; false when more bytes are needed.</summary>
    private bool ProcessInput()
    {
        try
        {
            return _state switch
            {
                ConnectionState.ReadingHead => ProcessHead(),
                ConnectionState.ReadingBody => ProcessBody(),
                _ => false,
            };
        }
        catch (HttpRequestRejectedException rejection)
        {
            _front.Logger.RequestRejected(_listener.DisplayAddress, rejection.StatusCode, rejection.Reason.ToString());
            RejectRequest(rejection.StatusCode);
            return true;
        }
    }

    private bool ProcessHead()
    {
        if (_inputEnd == _inputStart)
        {
            return false;
        }
        var buffered = _input.AsSpan(_inputStart, _inputEnd - _inputStart);
        if (!HttpRequestHeadParser.TryParse(buffered, _front.Options.BufferSize, _head, out var consumed))
        {
            if (_inputClosed)
            {
                // The client sent part of a head and then closed its side: nothing can complete it.
                RejectRequest(400);
                return true;
            }
            return false;
        }
        _request.Reset();
        HttpCgiBuilder.Build(buffered, _head, _listener, _peer, _request.Variables);
        _inputStart += consumed;

        if (_head.IsChunked)
        {
            _chunked.Reset();
            _bodyRemaining = -1;
        }
        else
        {
            _bodyRemaining = Math.Max(0, _head.ContentLength);
            var limit = _front.Options.LimitPost;
            if (limit > 0 && _bodyRemaining > limit)
            {
                RejectRequest(413);
                return true;
            }
        }
        var expectsBody = _head.IsChunked || _bodyRemaining > 0;
        if (expectsBody && _head.ExpectContinue && _inputEnd == _inputStart)
        {
            _output.Write(ContinueResponse);
        }
        _state = ConnectionState.ReadingBody;
        return true;
    }

    private bool ProcessBody()
    {
        var body = _request.Body;
        if (_bodyRemaining >= 0)
        {
            var available = (int)Math.Min(_inputEnd - _inputStart, _bodyRemaining);
            body.Append(_input.AsSpan(_inputStart, available));
            _inputStart += available;
            _bodyRemaining -= available;
            if (_bodyRemaining > 0)
            {
                return NeedBodyBytes();
            }
        }
        else
        {
            while (true)
            {
                var source = _input.AsSpan(_inputStart, _inputEnd - _inputStart);
                var done = _chunked.Decode(source, out var consumed, out var dataOffset, out var dataLength);
                if (dataLength > 0)
                {
                    body.Append(source.Slice(dataOffset, dataLength));
                }
                _inputStart += consumed;
                if (_front.Options.LimitPost > 0 && body.Length > _front.Options.LimitPost)
                {
                    RejectRequest(413);
                    return true;
                }
                if (done)
                {
                    break;
                }
                if (consumed == 0)
                {
                    return NeedBodyBytes();
                }
            }
            Span<byte> length = stackalloc byte[20];
            System.Buffers.Text.Utf8Formatter.TryFormat(body.Length, length, out var written);
            _request.Variables.Set("CONTENT_LENGTH"u8, length[..written]);
        }
        if (_inputStart == _inputEnd)
        {
            _inputStart = _inputEnd = 0;
        }
        InvokeApplication();
        return true;
    }

    private bool NeedBodyBytes()
    {
        if (_inputClosed)
        {
            // The client closed before sending the whole body (RFC 9112 §8: incomplete message).
            RejectRequest(400);
            return true;
        }
        if (_inputStart == _inputEnd)
        {
            _inputStart = _inputEnd = 0;
        }
        return false;
    }

    /// <summary>Answers a request that never reaches the application, then closes (RFC 9112 §9.6).</summary>
    private void RejectRequest(int statusCode)
    {
        _output.Write(HttpErrorResponses.For(statusCode));
        _state = ConnectionState.Closing;
    }
}
