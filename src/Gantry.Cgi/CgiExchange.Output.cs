using Gantry.Application;
using Gantry.Protocols.Cgi;

namespace Gantry.Cgi;

/// <summary>The script's stdout: head (RFC 3875 §6, or an NPH status line and header fields, §5), then the body.</summary>
internal sealed partial class CgiExchange
{
    private int _bodyStart;

    /// <summary>
    /// Parses the head from what arrived; once complete, commits it to the sink. False with <paramref name="failed"/>
    /// null when more output is needed, or with the step that answered a refused head (502).
    /// </summary>
    private bool TryCommitHead(out ApplicationStep? failed)
    {
        failed = null;
        var output = _buffer.AsSpan(0, _filled);
        int fieldsStart = 0, consumed;
        CgiNphStatusLine statusLine = default;
        try
        {
            if (_script.IsNonParsedHeader)
            {
                if (!CgiNphStatusLineParser.TryParse(output, HeadLimit, _stdoutEnded, out statusLine, out fieldsStart))
                {
                    return false;
                }
                if (!TryParseNphFields(output[fieldsStart..], out consumed))
                {
                    return false;
                }
            }
            else if (!CgiResponseHeadParser.TryParse(output, HeadLimit, _stdoutEnded, _head, out consumed))
            {
                return false;
            }
        }
        catch (CgiResponseRejectedException rejected)
        {
            _thread.Logger.InvalidResponse(_script.Command, rejected.Message);
            KillUnlessTold();
            Release();
            failed = CgiErrorResponse.Write(_sink, CgiErrorResponse.BadGateway);
            return false;
        }
        _headDone = true;
        var fields = output[fieldsStart..];
        if (!_script.IsNonParsedHeader && _head.Kind == CgiResponseKind.LocalRedirect && _thread.CanRedirect)
        {
            failed = Redirect(fields[_head.Location]);
            return false;
        }
        Span<byte> status = stackalloc byte[CgiStatusWriter.MinDestinationLength + 64];
        var statusLength = _script.IsNonParsedHeader
            ? WriteNphStatus(statusLine, output, status)
            : CgiStatusWriter.Write(_head, fields, status);
        _sink.SetStatus(status[..statusLength]);
        for (var i = 0; i < _head.HeaderCount; i++)
        {
            var name = fields[_head.HeaderName(i)];
            if (!CgiHopByHopFields.Contains(name))
            {
                _sink.AddHeader(name, fields[_head.HeaderValue(i)]);
            }
        }
        _bodyStart = fieldsStart + consumed;
        return true;
    }

    /// <summary>An NPH head may have no field at all (<c>HTTP/1.1 204 No Content</c> and a blank line).</summary>
    private bool TryParseNphFields(ReadOnlySpan<byte> fields, out int consumed)
    {
        if (fields.StartsWith("\r\n"u8) || fields.StartsWith("\n"u8))
        {
            _head.Reset();
            consumed = fields[0] == (byte)'\r' ? 2 : 1;
            return true;
        }
        if (fields.IsEmpty || (fields.Length == 1 && fields[0] == (byte)'\r'))
        {
            consumed = 0;
            if (_stdoutEnded)
            {
                throw new CgiResponseRejectedException(CgiResponseRejectionReason.TruncatedHead);
            }
            return false;
        }
        return CgiResponseHeadParser.TryParse(fields, HeadLimit, _stdoutEnded, _head, out consumed);
    }

    private static int WriteNphStatus(CgiNphStatusLine line, ReadOnlySpan<byte> output, Span<byte> destination)
    {
        line.StatusCode.TryFormat(destination, out var written);
        destination[written++] = (byte)' ';
        var phrase = output[line.ReasonPhrase];
        if (phrase.IsEmpty)
        {
            phrase = CgiReasonPhrases.Get(line.StatusCode);
        }
        var length = Math.Min(phrase.Length, destination.Length - written);
        phrase[..length].CopyTo(destination[written..]);
        return written + length;
    }

    /// <summary>
    /// The script closed its stdout. A script killed by a signal (kill -9, the OOM killer, a crash) also closes it, and
    /// then what was read may be only part of its response: the exchange waits for the script's end (it comes right
    /// after the close, at most <see cref="EndWait"/>; a script that closed stdout and runs on is not waited for longer)
    /// and cuts the response of one that was killed, so the client sees it incomplete (no last chunk, fewer bytes
    /// than its Content-Length) instead of a whole-looking page, or answers 500 when nothing went out yet; the log says
    /// which.
    /// </summary>
    private ApplicationStep End()
    {
        if (_process.EndStatus is null && !_endWaitOver)
        {
            if (!_awaitingEnd)
            {
                _awaitingEnd = true;
                _process.EndObserved = WakeConnection;
                _timer.Restart(EndWait);
            }
            return Wait();
        }
        _process.EndObserved = null;
        var status = _process.EndStatus;
        Release();
        if (status is { Signaled: true } killed)
        {
            // Failed: a head that went out is cut; one still staged with its body (the whole output came in one read)
            // becomes the front's 500 instead, so the client never takes the partial output for the whole.
            _thread.Logger.KilledMidResponse(_script.Command, killed.Signal, _sink.HeadersCommitted ? "the response is cut" : "answered 500");
            return ApplicationStep.Failed;
        }
        return ApplicationStep.Completed;
    }

    /// <summary>
    /// Hands the body bytes read so far to the sink. Completed once the script closed its stdout and all of it went;
    /// Suspended when the client holds back (the script's timeout pauses meanwhile); else Pending for more.
    /// </summary>
    private ApplicationStep PassBody()
    {
        var body = _buffer.AsSpan(_bodyStart, _filled - _bodyStart);
        var accepted = true;
        if (!body.IsEmpty)
        {
            accepted = _sink.Write(body);
        }
        _bodyStart = _filled = 0;
        if (_stdoutPaused)
        {
            _stdoutPaused = false;
            _stdoutWatch.Change(LoopReadiness.Readable);
        }
        if (_stdoutEnded)
        {
            return End();
        }
        if (!accepted || (!body.IsEmpty && !_sink.Flush()))
        {
            if (_sink.ClientGone)
            {
                // The client left while the output was going out: as an abort, the script is killed and released.
                _thread.Logger.ClientGone(_script.Command, KillUnlessTold());
                Release();
                return ApplicationStep.Failed;
            }
            _clientHolding = true;
            _timer.Cancel();
            return ApplicationStep.Suspended;
        }
        return Wait();
    }
}
