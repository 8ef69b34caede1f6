using Gantry.Posix.Files;
using Gantry.Posix.Native;

namespace Gantry.Server.Connections;

/// <summary>
/// Sending: the output buffer, wsgi.file_wrapper responses (sendfile, so file bytes never pass through user space,
/// in segments when the front's frames are size-limited) and the blocking drain the legacy write() callable needs.
/// </summary>
internal abstract unsafe partial class Connection
{
    private PendingFile _file;

    /// <summary>Largest file range one frame may carry (FastCGI: one record); unlimited by default.</summary>
    protected virtual long FileSegmentLimit => long.MaxValue;

    /// <summary>Writes the framing that goes before <paramref name="count"/> file bytes (a chunk size line, a record header).</summary>
    protected virtual void BeginFileSegment(long count)
    {
    }

    /// <summary>Writes the framing that goes after a file segment (the CRLF ending a chunk).</summary>
    protected virtual void EndFileSegment()
    {
    }

    /// <summary>Called before output is sent: a front that builds a frame in place finishes it here.</summary>
    protected virtual void SealOutput()
    {
    }

    /// <inheritdoc />
    public bool WriteFile(int fileDescriptor, long offset, long count)
    {
        if (_clientGone)
        {
            return false;
        }
        if (count < 0)
        {
            count = FileSystemCalls.BytesFrom(fileDescriptor, offset);
        }
        _bodyProduced += count;
        if (!BodyAllowed || count == 0)
        {
            return true;
        }
        if (!_committed)
        {
            Commit(lengthKnown: false);
        }
        if (_appContentLength >= 0)
        {
            count = Math.Min(count, _appContentLength - _bodySent);
        }
        _file = new PendingFile(fileDescriptor, offset, count);
        return FlushFile() && !_file.Active && !_clientGone;
    }

    /// <summary>Sends pending output; false when the connection was closed because the peer is gone.</summary>
    protected bool FlushOutput()
    {
        SealOutput();
        if (Output.Pending == 0 || !_writable)
        {
            return true;
        }
        var errno = Output.Send(_fd, out var wouldBlock);
        if (errno != 0)
        {
            _clientGone = true;
            Close();
            return false;
        }
        if (wouldBlock)
        {
            SendBlocked();
        }
        return true;
    }

    /// <summary>Sends the pending file once the bytes before it left; false when the connection closed.</summary>
    private bool FlushFile()
    {
        while (_file.Active)
        {
            if (_file.SegmentRemaining == 0)
            {
                _file.SegmentRemaining = Math.Min(_file.Remaining, FileSegmentLimit);
                BeginFileSegment(_file.SegmentRemaining);
            }
            if (!FlushOutput())
            {
                return false;
            }
            if (Output.Pending > 0 || !_writable)
            {
                return true;
            }
            var offset = _file.Offset;
            var sent = LibC.sendfile(_fd, _file.Descriptor, &offset, (nint)Math.Min(_file.SegmentRemaining, 1 << 30));
            if (sent < 0)
            {
                var errno = LibC.Errno;
                if (errno == LibC.EAGAIN)
                {
                    SendBlocked();
                    return true;
                }
                if (errno == LibC.EINTR)
                {
                    continue;
                }
                _clientGone = true;
                Close();
                return false;
            }
            if (sent == 0)
            {
                // The file is shorter than announced: the framing can no longer be kept, so the response is abandoned.
                _file = default;
                _clientGone = true;
                Close();
                return false;
            }
            _file.Offset = offset;
            _file.Remaining -= sent;
            _file.SegmentRemaining -= sent;
            _bodySent += sent;
            if (_file.SegmentRemaining == 0)
            {
                EndFileSegment();
            }
        }
        return true;
    }

    /// <summary>The socket took no more: wait for EPOLLOUT, for at most socket-timeout (<see cref="SendStalled"/>).</summary>
    private void SendBlocked()
    {
        _writable = false;
        _sendBlockedSince = Services.Loop.Time.GetTimestamp();
    }

    /// <summary>
    /// True when output has waited for the client to take it longer than socket-timeout ("seconds a socket read or
    /// write may stall", as uWSGI applies it to every write): a response paused by backpressure, a sendfile, the final
    /// flush before closing. The caller closes the connection, which aborts a paused response (WSGI: close() runs).
    /// </summary>
    private bool SendStalled(long now) =>
        !_writable && (Output.Pending > 0 || _file.Active)
        && Services.Loop.Time.GetElapsedTime(_sendBlockedSince, now).TotalSeconds >= Services.Options.SocketTimeoutSeconds;

    /// <inheritdoc />
    public bool Drain()
    {
        while (_fd >= 0 && !_clientGone)
        {
            if (!FlushOutput() || !FlushFile())
            {
                return false;
            }
            if (Output.Pending == 0 && !_file.Active)
            {
                return true;
            }
            var poll = new PollFd { Fd = _fd, Events = LibC.POLLOUT };
            Services.Application.EnterWait();
            var ready = LibC.poll(&poll, 1, Services.Options.SocketTimeoutSeconds * 1000);
            Services.Application.LeaveWait();
            if (ready == 0 || (poll.Revents & (LibC.POLLERR | LibC.POLLHUP)) != 0)
            {
                _clientGone = true;
                return false;
            }
            _writable = true;
        }
        return false;
    }
}
