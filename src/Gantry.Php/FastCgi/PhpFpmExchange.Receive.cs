using System.Buffers;
using System.Text;
using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Protocols.Cgi;
using Gantry.Protocols.FastCgi;

namespace Gantry.Php.FastCgi;

/// <summary>
/// php-fpm's answer: records read into one buffer that holds the largest record (spec §3.3), STDOUT's first bytes
/// gathered until the CGI head is complete (it may span records), then passed to the client as they come; STDERR
/// logged line by line (nginx: "FastCGI sent in stderr"); END_REQUEST completes the response. A head that is not
/// a CGI head, a record that is not FastCGI, or a connection that ends before END_REQUEST is a 502 (a cut response
/// once the head went out), as nginx's "upstream prematurely closed FastCGI stdout".
/// </summary>
internal sealed unsafe partial class PhpFpmExchange
{
    /// <summary>
    /// The receive buffer: records are taken in pieces (a header, then content as it comes), so it need not hold the
    /// largest record, and stays below the large-object heap's 85 000 bytes.
    /// </summary>
    private const int InputBufferSize = 16 * 1024;

    /// <summary>The longest response head accepted (as cgi-buffer-size's default; nginx's fastcgi_buffer_size is 4 KiB).</summary>
    private const int HeadLimit = CgiResponseHeadParser.DefaultMaxHeadLength;

    private readonly CgiResponseHead _head = new();
    private byte[]? _in;
    private int _inStart;
    private int _inEnd;
    private bool _eof;
    private bool _readPaused;
    private bool _received;
    private byte[]? _headBuffer;
    private int _headFilled;
    private bool _headDone;
    private bool _wroteBody;

    /// <summary>The record being read: its header was consumed, <see cref="_contentLeft"/> and <see cref="_paddingLeft"/> bytes follow.</summary>
    private bool _inRecord;
    private FastCgiRecordType _recordType;
    private ushort _recordId;
    private int _contentLeft;
    private int _paddingLeft;

    /// <summary>Reads what php-fpm sent into the free end of the buffer, then lets the connection process it.</summary>
    private void Receive()
    {
        var progressed = false;
        while (!_eof)
        {
            if (_inEnd == _in!.Length)
            {
                if (_inStart == 0)
                {
                    break;
                }
                Compact();
            }
            nint read;
            fixed (byte* free = &_in[_inEnd])
            {
                read = LibC.recv(_fd, free, _in.Length - _inEnd, 0);
            }
            if (read > 0)
            {
                var room = _in.Length - _inEnd;
                _inEnd += (int)read;
                _received = progressed = true;
                SettleFresh();
                if (read < room)
                {
                    // A short read drained the socket: the watch (level-triggered) says when more comes, and a recv that
                    // would only fail with EAGAIN is saved.
                    break;
                }
                continue;
            }
            var errno = read < 0 ? LibC.Errno : 0;
            if (read < 0 && errno == LibC.EINTR)
            {
                continue;
            }
            if (read < 0 && errno == LibC.EAGAIN)
            {
                break;
            }
            _eof = true;
            progressed = true;
        }
        if (_inEnd == _in!.Length && _inStart == 0 && !_eof)
        {
            _readPaused = true;
            SetInterest(_interest & ~LoopReadiness.Readable);
        }
        if (_eof)
        {
            SetInterest(LoopReadiness.None);
            if (!_received && !_draining && TryAgainAfterStaleConnection())
            {
                return;
            }
        }
        if (progressed)
        {
            RestartTimeout();
            WakeConnection();
        }
    }

    /// <summary>Handles what was read so far, record by record and content piece by piece: the response's next step.</summary>
    private ApplicationStep Process()
    {
        while (!_released)
        {
            var available = _in.AsSpan(_inStart, _inEnd - _inStart);
            if (!_inRecord)
            {
                FastCgiRecordHeader header;
                try
                {
                    if (!FastCgiRecordReader.TryReadHeader(available, out header))
                    {
                        break;
                    }
                }
                catch (FastCgiProtocolException rejected)
                {
                    return BadResponse(rejected.Message);
                }
                _inStart += FastCgiRecordHeader.Size;
                (_inRecord, _recordType, _recordId, _contentLeft, _paddingLeft) =
                    (true, header.Type, header.RequestId, header.ContentLength, header.PaddingLength);
                continue;
            }
            if (_contentLeft > 0)
            {
                // END_REQUEST's 8 bytes are taken whole; stream content in whatever pieces arrived.
                var need = _recordType == FastCgiRecordType.EndRequest ? _contentLeft : 1;
                if (available.Length < need)
                {
                    break;
                }
                var piece = available[..Math.Min(available.Length, _contentLeft)];
                _inStart += piece.Length;
                _contentLeft -= piece.Length;
                if (_recordId == RequestId && _recordType == FastCgiRecordType.Stdout && OnStdout(piece) is { } step)
                {
                    return step;
                }
                if (_recordId == RequestId && _recordType == FastCgiRecordType.Stderr)
                {
                    LogStderr(piece);
                }
                continue;
            }
            if (_paddingLeft > 0)
            {
                if (available.IsEmpty)
                {
                    break;
                }
                var skipped = Math.Min(available.Length, _paddingLeft);
                _inStart += skipped;
                _paddingLeft -= skipped;
                continue;
            }
            _inRecord = false;
            if (_recordId == RequestId && _recordType == FastCgiRecordType.EndRequest)
            {
                return Finish();
            }
        }
        if (_released)
        {
            return ApplicationStep.Failed;
        }
        if (_eof)
        {
            return BadResponse(_received ? "the connection ended before END_REQUEST" : "the connection ended without an answer");
        }
        if (_inStart == _inEnd)
        {
            _inStart = _inEnd = 0;
        }
        if (_readPaused && (_inStart > 0 || _inEnd < _in!.Length))
        {
            Compact();
            _readPaused = false;
            SetInterest(_interest | LoopReadiness.Readable);
        }
        if (_wroteBody && !_draining)
        {
            _wroteBody = false;
            if (!_sink.Flush())
            {
                return HoldForClient();
            }
        }
        return Wait();
    }

    /// <summary>A piece of STDOUT: the head (parsed in place when it came whole, else gathered), then passed on. Null to go on.</summary>
    private ApplicationStep? OnStdout(ReadOnlySpan<byte> content)
    {
        if (_draining)
        {
            return null;
        }
        if (_headDone)
        {
            _wroteBody = true;
            return _sink.Write(content) ? null : HoldForClient();
        }
        if (_headFilled == 0)
        {
            // Most heads arrive whole in php-fpm's first record: parsed where they lie, without a copy.
            if (TryCommitHead(content, endOfOutput: false, out var failedInPlace))
            {
                return null;
            }
            if (failedInPlace is not null)
            {
                return failedInPlace;
            }
        }
        _headBuffer ??= ArrayPool<byte>.Shared.Rent(HeadLimit);
        var room = Math.Min(content.Length, _headBuffer.Length - _headFilled);
        content[..room].CopyTo(_headBuffer.AsSpan(_headFilled));
        _headFilled += room;
        if (!TryCommitHead(_headBuffer.AsSpan(0, _headFilled), endOfOutput: false, out var failed))
        {
            return failed ?? (_headFilled == _headBuffer.Length ? BadResponse($"its response head is longer than {HeadLimit} bytes") : null);
        }
        // The head's length limit is the parser's; bytes past the buffer can only follow a complete head.
        var rest = content[room..];
        if (!rest.IsEmpty)
        {
            _wroteBody = true;
            if (!_sink.Write(rest))
            {
                return HoldForClient();
            }
        }
        return null;
    }

    /// <summary>
    /// Parses the head at the start of <paramref name="output"/> (STDOUT so far); once complete, sends it and the body
    /// bytes that came with it. False with <paramref name="failed"/> null when more is needed.
    /// </summary>
    private bool TryCommitHead(ReadOnlySpan<byte> output, bool endOfOutput, out ApplicationStep? failed)
    {
        failed = null;
        int consumed;
        try
        {
            if (!CgiResponseHeadParser.TryParse(output, HeadLimit, endOfOutput, _head, out consumed))
            {
                return false;
            }
        }
        catch (CgiResponseRejectedException rejected)
        {
            failed = BadResponse(rejected.Message);
            return false;
        }
        _headDone = true;
        Span<byte> status = stackalloc byte[CgiStatusWriter.MinDestinationLength + 64];
        _sink.SetStatus(status[..CgiStatusWriter.Write(_head, output, status)]);
        for (var i = 0; i < _head.HeaderCount; i++)
        {
            var name = output[_head.HeaderName(i)];
            if (!IsHopByHop(name))
            {
                _sink.AddHeader(name, output[_head.HeaderValue(i)]);
            }
        }
        var body = output[consumed..];
        if (!body.IsEmpty)
        {
            _wroteBody = true;
            _sink.Write(body);
        }
        return true;
    }

    /// <summary>END_REQUEST: the response is complete; a clean connection goes back to the pool.</summary>
    private ApplicationStep Finish()
    {
        if (!_headDone && !_draining && !TryCommitHead(_headBuffer.AsSpan(0, _headFilled), endOfOutput: true, out var failed))
        {
            return failed ?? BadResponse("END_REQUEST came before a complete response head");
        }
        _pool!.Upstream.MarkUp();
        var reusable = _pool.KeepsConnections && _stdinDone && _outStart == _outEnd && _inStart == _inEnd && !_eof && !_writeFailed;
        if (_draining)
        {
            _thread.Site.Logger.Drained(_pool.Upstream.Name, _script.ScriptFileName, reusable ? "kept" : "closed");
        }
        Release(reusable);
        return ApplicationStep.Completed;
    }

    /// <summary>The client takes the output slower than php-fpm writes: suspended until it drained, the read timeout paused.</summary>
    private ApplicationStep HoldForClient()
    {
        if (_sink.ClientGone)
        {
            Abort();
            return ApplicationStep.Failed;
        }
        _clientHolding = true;
        _timer.Cancel();
        return ApplicationStep.Suspended;
    }

    private ApplicationStep BadResponse(string reason)
    {
        if (_draining)
        {
            _thread.Site.Logger.BadResponse(_pool!.Upstream.Name, _script.ScriptFileName, reason, "the drained connection is closed");
            Release(reusable: false);
            return ApplicationStep.Failed;
        }
        var committed = _sink.HeadersCommitted;
        _thread.Site.Logger.BadResponse(_pool?.Upstream.Name ?? "?", _script.ScriptFileName, reason, committed ? "the response is cut" : "answered 502");
        if (!_received && _pool is not null)
        {
            _pool.Upstream.MarkDown(reason);
        }
        Release(reusable: false);
        return committed ? ApplicationStep.Failed : PlainTextResponse.Write(_sink, "502 Bad Gateway"u8);
    }

    private void LogStderr(ReadOnlySpan<byte> content)
    {
        foreach (var line in Encoding.UTF8.GetString(content).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            _thread.Site.Logger.FpmStderr(_pool!.Upstream.Name, line);
        }
    }

    private void Compact()
    {
        var length = _inEnd - _inStart;
        _in.AsSpan(_inStart, length).CopyTo(_in);
        _inStart = 0;
        _inEnd = length;
    }
}
