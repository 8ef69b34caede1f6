using System.Buffers;
using System.Buffers.Text;
using Gantry.Application;
using Gantry.Protocols.Http;

namespace Gantry.Server.Http;

/// <summary>
/// The response side: this connection is the application's <see cref="IResponseSink"/>. A small response is
/// staged until the application finishes, so it leaves with a Content-Length in one send; a larger or
/// streamed one switches to chunked (HTTP/1.1) or close-delimited (HTTP/1.0) framing (RFC 9112 §6).
/// </summary>
internal sealed unsafe partial class HttpConnection
{
    private const int StageLimit = 16 * 1024;

    private readonly ArrayBufferWriter<byte> _responseHeaders = new(512);
    private readonly ArrayBufferWriter<byte> _stagedBody = new(StageLimit);
    private readonly byte[] _status = new byte[256];
    private int _statusLength;
    private int _statusCode;
    private int _headerCount;
    private bool _committed;
    private bool _chunkedResponse;
    private bool _closeAfterResponse;
    private bool _inApplication;
    private long _appContentLength;
    private long _bodyProduced;
    private long _bodySent;
    private long _requestStart;

    public bool HeadersCommitted => _committed;

    public bool ClientGone => _clientGone;

    private bool BodyAllowed => !_head.IsHead && _statusCode is >= 200 and not 204 and not 304;

    public void SetStatus(ReadOnlySpan<byte> status)
    {
        if (_committed)
        {
            throw new InvalidOperationException("the response head was already sent");
        }
        var length = Math.Min(status.Length, _status.Length);
        status[..length].CopyTo(_status);
        _statusLength = length;
        _statusCode = length >= 3 && Utf8Parser.TryParse(status[..3], out int code, out var used) && used == 3 ? code : 500;
        _responseHeaders.ResetWrittenCount();
        _headerCount = 0;
        _appContentLength = -1;
    }

    public void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (name.Length == 14 && System.Text.Ascii.EqualsIgnoreCase(name, "Content-Length"u8)
            && Utf8Parser.TryParse(value, out long length, out var used) && used == value.Length && length >= 0)
        {
            _appContentLength = length;
        }
        var line = _responseHeaders.GetSpan(name.Length + value.Length + 4);
        name.CopyTo(line);
        ": "u8.CopyTo(line[name.Length..]);
        value.CopyTo(line[(name.Length + 2)..]);
        "\r\n"u8.CopyTo(line[(name.Length + 2 + value.Length)..]);
        _responseHeaders.Advance(name.Length + value.Length + 4);
        _headerCount++;
    }

    public bool Write(ReadOnlySpan<byte> data)
    {
        if (_clientGone)
        {
            return false;
        }
        _bodyProduced += data.Length;
        if (!BodyAllowed || data.IsEmpty)
        {
            return true;
        }
        if (!_committed)
        {
            if (_stagedBody.WrittenCount + data.Length <= StageLimit)
            {
                _stagedBody.Write(data);
                return true;
            }
            Commit(lengthKnown: false);
        }
        WriteBody(data);
        if (_output.Pending < _front.Options.HighWaterMark)
        {
            return true;
        }
        return FlushOutput() && !_clientGone && _output.Pending < _front.Options.HighWaterMark;
    }

    private void InvokeApplication()
    {
        _state = ConnectionState.Responding;
        _statusLength = 0;
        _statusCode = 0;
        _committed = false;
        _chunkedResponse = false;
        _closeAfterResponse = false;
        _appContentLength = -1;
        _bodyProduced = 0;
        _bodySent = 0;
        _headerCount = 0;
        _responseHeaders.ResetWrittenCount();
        _stagedBody.ResetWrittenCount();
        _requestStart = _front.Loop.Time.GetTimestamp();
        _inApplication = true;
        ApplicationStep step;
        IResponseContinuation? continuation;
        try
        {
            step = _front.Application.Invoke(_request, this, out continuation);
        }
        finally
        {
            _inApplication = false;
        }
        OnApplicationStep(step, continuation);
    }

    /// <summary>Continues a paused response once the output drained; false when it must keep waiting.</summary>
    private bool ResumeResponse()
    {
        if (!FlushOutput() || !FlushFile())
        {
            return false;
        }
        if (_continuation is not { } continuation || _file.Active || _output.Pending >= _front.Options.HighWaterMark / 2)
        {
            return false;
        }
        _continuation = null;
        _inApplication = true;
        ApplicationStep step;
        try
        {
            step = continuation.Resume(this);
        }
        finally
        {
            _inApplication = false;
        }
        OnApplicationStep(step, continuation);
        return true;
    }

    private void OnApplicationStep(ApplicationStep step, IResponseContinuation? continuation)
    {
        if (_clientGone)
        {
            if (step == ApplicationStep.Suspended)
            {
                continuation?.Abort();
            }
            LogRequest();
            Close();
            return;
        }
        switch (step)
        {
            case ApplicationStep.Suspended:
                _continuation = continuation ?? throw new InvalidOperationException("a suspended response needs a continuation");
                return;
            case ApplicationStep.Completed:
                FinishResponse();
                return;
            default:
                if (!_committed)
                {
                    _statusCode = 500;
                    _output.Write(HttpErrorResponses.For(500));
                }
                LogRequest();
                _request.Reset();
                _state = ConnectionState.Closing;
                return;
        }
    }

    private void FinishResponse()
    {
        if (!_committed)
        {
            Commit(lengthKnown: true);
        }
        if (_chunkedResponse)
        {
            _output.Write("0\r\n\r\n"u8);
        }
        if (_appContentLength >= 0 && BodyAllowed && _bodySent != _appContentLength)
        {
            // Fewer bytes than the declared Content-Length: the client would wait for the rest, so end the connection.
            _closeAfterResponse = true;
        }
        LogRequest();
        _request.Reset();
        _requestsServed++;
        _state = _closeAfterResponse || _inputClosed || _front.ShuttingDown ? ConnectionState.Closing : ConnectionState.ReadingHead;
    }

    /// <summary>Writes the status line, headers and framing, then any staged body.</summary>
    private void Commit(bool lengthKnown)
    {
        if (_statusLength == 0)
        {
            SetStatus("500 Internal Server Error"u8);
        }
        _committed = true;
        var head = _output.GetSpan(_statusLength + _responseHeaders.WrittenCount + 128);
        var n = 0;
        Append(head, ref n, "HTTP/1.1 "u8);
        Append(head, ref n, _status.AsSpan(0, _statusLength));
        Append(head, ref n, "\r\n"u8);
        Append(head, ref n, _responseHeaders.WrittenSpan);
        var bodyless = _statusCode is < 200 or 204 or 304;
        if (_appContentLength < 0 && !bodyless)
        {
            if (lengthKnown)
            {
                Append(head, ref n, "Content-Length: "u8);
                Utf8Formatter.TryFormat(_head.IsHead ? _bodyProduced : _stagedBody.WrittenCount, head[n..], out var digits);
                n += digits;
                Append(head, ref n, "\r\n"u8);
            }
            else if (_head.IsHead)
            {
                // No body follows a HEAD response whatever the headers say, so no framing is needed.
            }
            else if (_head.Version == HttpVersion.Http11)
            {
                Append(head, ref n, "Transfer-Encoding: chunked\r\n"u8);
                _chunkedResponse = true;
            }
            else
            {
                _closeAfterResponse = true;
            }
        }
        if (!_head.KeepAlive || _front.ShuttingDown || _inputClosed)
        {
            _closeAfterResponse = true;
        }
        if (_closeAfterResponse)
        {
            Append(head, ref n, "Connection: close\r\n"u8);
        }
        else if (_head.Version == HttpVersion.Http10)
        {
            Append(head, ref n, "Connection: keep-alive\r\n"u8);
        }
        Append(head, ref n, "\r\n"u8);
        _output.Commit(n);
        if (_stagedBody.WrittenCount > 0)
        {
            WriteBody(_stagedBody.WrittenSpan);
            _stagedBody.ResetWrittenCount();
        }
    }

    private void WriteBody(ReadOnlySpan<byte> data)
    {
        if (_chunkedResponse)
        {
            var size = _output.GetSpan(12);
            Utf8Formatter.TryFormat(data.Length, size, out var digits, new StandardFormat('x'));
            "\r\n"u8.CopyTo(size[digits..]);
            _output.Commit(digits + 2);
            _output.Write(data);
            _output.Write("\r\n"u8);
        }
        else
        {
            if (_appContentLength >= 0 && _bodySent + data.Length > _appContentLength)
            {
                // More than the declared Content-Length: send what was declared and end the connection.
                data = data[..(int)(_appContentLength - _bodySent)];
                _closeAfterResponse = true;
            }
            _output.Write(data);
        }
        _bodySent += data.Length;
    }

    private static void Append(Span<byte> destination, ref int offset, ReadOnlySpan<byte> data)
    {
        data.CopyTo(destination[offset..]);
        offset += data.Length;
    }

    private void LogRequest() =>
        _front.RequestLog.Write(_request.Variables, _statusCode, _bodyProduced, _requestStart, _headerCount, _responseHeaders.WrittenCount, 0);
}
