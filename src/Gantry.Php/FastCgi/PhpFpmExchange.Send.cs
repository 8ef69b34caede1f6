using System.Buffers;
using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Protocols.FastCgi;

namespace Gantry.Php.FastCgi;

/// <summary>
/// The request to php-fpm: BEGIN_REQUEST and PARAMS, then the body as STDIN records as fast as php-fpm takes it
/// and, for a streamed body, as it arrives from the client, then the empty STDIN record that ends it.
/// </summary>
internal sealed unsafe partial class PhpFpmExchange : IRequestBodyListener
{
    /// <summary>Body bytes put in one STDIN record: one read of a spooled body's window.</summary>
    private const int StdinChunk = 32 * 1024;

    private byte[]? _out;
    private int _outStart;
    private int _outEnd;
    private bool _paramsSent;
    private bool _stdinDone;
    private bool _bodyTouched;
    private bool _waitingForBody;
    private bool _writeFailed;

    /// <summary>More of a streamed body arrived (or it ended): writing resumes.</summary>
    public void OnRequestBodyData()
    {
        _waitingForBody = false;
        if (!_released && _phase == Phase.Exchanging && !_writeFailed)
        {
            RestartTimeout();
            Send();
        }
    }

    /// <summary>Writes what is staged, staging more until php-fpm's socket is full or the request is all out.</summary>
    private void Send()
    {
        var progressed = false;
        while (!_writeFailed)
        {
            if (_outStart == _outEnd && !Stage())
            {
                break;
            }
            nint written;
            fixed (byte* start = &_out![_outStart])
            {
                written = LibC.send(_fd, start, _outEnd - _outStart, LibC.MSG_NOSIGNAL);
            }
            if (written > 0)
            {
                _outStart += (int)written;
                progressed = true;
                continue;
            }
            var errno = LibC.Errno;
            if (errno == LibC.EINTR)
            {
                continue;
            }
            if (errno == LibC.EAGAIN)
            {
                SetInterest(LoopReadiness.Readable | LoopReadiness.Writable);
                return;
            }
            // php-fpm closed or reset the connection: what it answered (if anything) is still read, then judged.
            _writeFailed = true;
        }
        SetInterest(LoopReadiness.Readable);
        if (progressed)
        {
            RestartTimeout();
        }
    }

    /// <summary>
    /// Puts the next records in the output buffer, as many as fit: the request head (BEGIN_REQUEST, PARAMS) and, in the
    /// same send, the body's STDIN records and the end of STDIN when they are there (a GET goes out in one write). False
    /// when nothing is to be sent now (all out, or the body is on its way).
    /// </summary>
    private bool Stage()
    {
        _outStart = _outEnd = 0;
        if (!_paramsSent)
        {
            var head = _thread.RequestHead;
            head.Clear();
            PhpFpmParams.Write(head, _thread.ParamsScratch, _thread.Site, _request, _script, _pool!.KeepsConnections);
            EnsureOutput(head.WrittenCount + FastCgiRecordWriter.GetRecordSize(StdinChunk));
            head.WrittenSpan.CopyTo(_out);
            _outEnd = head.WrittenCount;
            _paramsSent = true;
        }
        else
        {
            EnsureOutput(FastCgiRecordWriter.GetRecordSize(StdinChunk));
        }
        var body = _request.Body;
        while (!_stdinDone)
        {
            var data = body.Peek();
            if (data.IsEmpty && !body.IsComplete)
            {
                if (!_waitingForBody)
                {
                    _waitingForBody = true;
                    body.NotifyWhenMoreArrives(this);
                }
                break;
            }
            var room = _out!.Length - _outEnd - FastCgiRecordHeader.Size - (FastCgiConstants.Alignment - 1);
            if (data.IsEmpty)
            {
                if (room < 0)
                {
                    break;
                }
                _outEnd += FastCgiRecordWriter.WriteStreamEnd(_out.AsSpan(_outEnd), FastCgiRecordType.Stdin, RequestId);
                _stdinDone = true;
                break;
            }
            var chunk = Math.Min(Math.Min(data.Length, StdinChunk), room);
            if (chunk <= 0)
            {
                break;
            }
            _outEnd += FastCgiRecordWriter.WriteRecord(_out.AsSpan(_outEnd), FastCgiRecordType.Stdin, RequestId, data[..chunk]);
            body.Advance(chunk);
            _bodyTouched = true;
        }
        return _outEnd > 0;
    }

    private void EnsureOutput(int size)
    {
        if (_out is not null && _out.Length >= size)
        {
            return;
        }
        if (_out is not null)
        {
            ArrayPool<byte>.Shared.Return(_out);
        }
        _out = ArrayPool<byte>.Shared.Rent(Math.Max(size, FastCgiRecordWriter.GetRecordSize(StdinChunk)));
    }
}
