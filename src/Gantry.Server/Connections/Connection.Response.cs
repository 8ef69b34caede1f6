using System.Buffers;
using System.Buffers.Text;
using Gantry.Application;
using Gantry.Server.Logging;

namespace Gantry.Server.Connections;

/// <summary>
/// The response side: the connection is the application's <see cref="IResponseSink"/>. A small response is staged
/// until the application finishes, so it leaves with a known length in one send; a larger or streamed one is
/// committed at once and framed by the front as it goes. Backpressure: above the high-water mark
/// <see cref="Write"/> returns false and the application suspends until the output drained below half the mark.
/// </summary>
internal abstract partial class Connection
{
    private const int StageLimit = 16 * 1024;

    // Both grow from nothing as responses need them (then keep their size for the connection's next requests): a
    // connection that never stages a body (a WebSocket, a streamed response) holds no 16 KiB array for it.
    private readonly ArrayBufferWriter<byte> _responseHeaders = new();
    private bool _applicationFailed;
    private readonly ArrayBufferWriter<byte> _stagedBody = new();
    private readonly byte[] _status = new byte[256];
    private int _statusLength;
    private int _statusCode;
    private int _headerCount;
    private bool _committed;
    private bool _inApplication;
    private long _appContentLength;
    private long _bodyProduced;
    private long _bodySent;
    private long _requestStart;

    /// <inheritdoc />
    public bool HeadersCommitted => _committed;

    /// <inheritdoc />
    public bool ClientGone => _clientGone;

    /// <summary>True for a HEAD request: the head is sent as for GET, the body never (RFC 9110 §9.3.2).</summary>
    protected bool IsHeadRequest { get; set; }

    /// <summary>The status the application set, e.g. "200 OK".</summary>
    protected ReadOnlySpan<byte> Status => _status.AsSpan(0, _statusLength);

    /// <summary>The numeric status (500 when the application's status does not start with three digits).</summary>
    protected int StatusCode => _statusCode;

    /// <summary>The application's headers, each as "Name: value\r\n".</summary>
    protected ReadOnlySpan<byte> ResponseHeaders => _responseHeaders.WrittenSpan;

    /// <summary>The Content-Length the application declared, or -1.</summary>
    protected long AppContentLength => _appContentLength;

    /// <summary>Status codes whose responses never have a body (RFC 9110 §6.4.1).</summary>
    protected bool IsBodylessStatus => _statusCode is < 200 or 204 or 304;

    /// <summary>
    /// The body length when the whole response is known at commit: what was staged, or for HEAD what the application
    /// produced (the length a GET would have had).
    /// </summary>
    protected long KnownContentLength => IsHeadRequest ? _bodyProduced : _stagedBody.WrittenCount;

    private bool BodyAllowed => !IsHeadRequest && !IsBodylessStatus;

    /// <summary>
    /// Writes the response head into <see cref="Output"/>. <paramref name="lengthKnown"/> is true when the whole
    /// body is staged (<see cref="KnownContentLength"/>); otherwise the front picks its streaming framing.
    /// </summary>
    protected abstract void WriteHead(bool lengthKnown);

    /// <summary>Writes body bytes into <see cref="Output"/> in the front's framing.</summary>
    protected abstract void FrameBody(ReadOnlySpan<byte> data);

    /// <summary>The response completed: write what ends it (last chunk, END_REQUEST…).</summary>
    protected abstract void CompleteResponse();

    /// <summary>The application failed before committing: write a complete error response in the front's terms.</summary>
    protected abstract void WriteErrorResponse(int statusCode);

    /// <inheritdoc />
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

    /// <inheritdoc />
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

    /// <inheritdoc />
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
        if (Output.Pending < Services.Options.HighWaterMark)
        {
            return true;
        }
        return FlushOutput() && !_clientGone && Output.Pending < Services.Options.HighWaterMark;
    }

    /// <inheritdoc />
    public bool Flush()
    {
        if (_clientGone)
        {
            return false;
        }
        if (!_committed)
        {
            if (_stagedBody.WrittenCount == 0)
            {
                // Nothing of the body yet: the head waits for the first non-empty block (PEP 3333).
                return true;
            }
            Commit(lengthKnown: false);
        }
        if (!FlushOutput() || _clientGone)
        {
            return false;
        }
        if (Output.Pending == 0)
        {
            return true;
        }
        _resumeWhenFlushed = true;
        return false;
    }

    /// <summary>Runs the application for the request in <see cref="Request"/> (received whole, unless <see cref="InvokeWhileBodyArrives"/>).</summary>
    protected void InvokeApplication()
    {
        State = ConnectionState.Responding;
        _applicationFailed = false;
        _statusLength = 0;
        _statusCode = 0;
        _committed = false;
        _appContentLength = -1;
        _bodyProduced = 0;
        _bodySent = 0;
        _headerCount = 0;
        _responseHeaders.ResetWrittenCount();
        _stagedBody.ResetWrittenCount();
        _resumeWhenFlushed = false;
        _hostPending = false;
        _continueRequested = false;
        _requestStart = Services.Loop.Time.GetTimestamp();
        _inApplication = true;
        ApplicationStep step;
        IResponseContinuation? continuation;
        try
        {
            step = Services.Application.Invoke(Request, this, out continuation);
        }
        finally
        {
            _inApplication = false;
        }
        OnApplicationStep(step, continuation);
    }

    private void OnApplicationStep(ApplicationStep step, IResponseContinuation? continuation)
    {
        var paused = step is ApplicationStep.Suspended or ApplicationStep.Pending;
        if (_clientGone)
        {
            if (paused)
            {
                continuation?.Abort();
            }
            LogRequest();
            Close();
            return;
        }
        if (State != ConnectionState.Responding)
        {
            // The front ended the response while the application ran (not expected; keep the connection sane).
            if (paused)
            {
                continuation?.Abort();
            }
            return;
        }
        switch (step)
        {
            case ApplicationStep.Suspended:
                _continuation = continuation ?? throw new InvalidOperationException("a suspended response needs a continuation");
                return;
            case ApplicationStep.Pending:
                _continuation = continuation ?? throw new InvalidOperationException("a pending response needs a continuation");
                _hostPending = !_continueRequested;
                _continueRequested = false;
                return;
            case ApplicationStep.Completed:
                FinishResponse();
                return;
            default:
                _applicationFailed = true;
                if (!_committed)
                {
                    _statusCode = 500;
                    WriteErrorResponse(500);
                }
                else
                {
                    EndCutResponse();
                }
                LogRequest();
                Request.Reset();
                State = ConnectionState.Closing;
                if (_bodyArriving)
                {
                    EndResponseBeforeBody();
                }
                return;
        }
    }

    private void FinishResponse()
    {
        if (!_committed)
        {
            Commit(lengthKnown: true);
        }
        CompleteResponse();
        if (_appContentLength >= 0 && BodyAllowed && _bodySent != _appContentLength)
        {
            // Fewer bytes than the declared Content-Length: the peer would wait for the rest, so end the connection.
            CloseAfterResponse = true;
        }
        LogRequest();
        Request.Reset();
        _requestsFinished++;
        State = CloseAfterResponse || InputClosed || Services.ShuttingDown ? ConnectionState.Closing : ConnectionState.ReadingRequest;
        if (_bodyArriving)
        {
            EndResponseBeforeBody();
        }
    }

    /// <summary>Writes the head (the front's framing), then any staged body.</summary>
    private void Commit(bool lengthKnown)
    {
        if (_statusLength == 0)
        {
            SetStatus("500 Internal Server Error"u8);
        }
        _committed = true;
        WriteHead(lengthKnown);
        if (_stagedBody.WrittenCount > 0)
        {
            WriteBody(_stagedBody.WrittenSpan);
            _stagedBody.ResetWrittenCount();
        }
    }

    private void WriteBody(ReadOnlySpan<byte> data)
    {
        if (_appContentLength >= 0 && _bodySent + data.Length > _appContentLength)
        {
            // More than the declared Content-Length: send what was declared and end the connection.
            data = data[..(int)(_appContentLength - _bodySent)];
            CloseAfterResponse = true;
        }
        if (!data.IsEmpty)
        {
            FrameBody(data);
        }
        _bodySent += data.Length;
    }

    /// <summary>Copies <paramref name="data"/> to <paramref name="destination"/> at <paramref name="offset"/> and advances it.</summary>
    protected static void Append(Span<byte> destination, ref int offset, ReadOnlySpan<byte> data)
    {
        data.CopyTo(destination[offset..]);
        offset += data.Length;
    }

    /// <summary>Appends "Content-Length: N\r\n".</summary>
    protected static void AppendContentLength(Span<byte> destination, ref int offset, long length)
    {
        Append(destination, ref offset, "Content-Length: "u8);
        Utf8Formatter.TryFormat(length, destination[offset..], out var digits);
        offset += digits;
        Append(destination, ref offset, "\r\n"u8);
    }

    private void LogRequest()
    {
        var headBytes = RequestLog.HeadSize(_statusLength, _responseHeaders.WrittenCount);
        Services.RequestLog.Write(Request.Variables, _statusCode, _bodyProduced, _requestStart, _headerCount, headBytes, 0);
        Services.Observer?.OnRequestFinished(Front, _statusCode, _bodyProduced + headBytes, _applicationFailed);
    }
}
