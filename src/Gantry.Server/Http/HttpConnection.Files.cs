using Gantry.Server.Native;
using Microsoft.Win32.SafeHandles;

namespace Gantry.Server.Http;

/// <summary>
/// wsgi.file_wrapper responses (sendfile, so file bytes never pass through user space) and the blocking
/// drain the legacy write() callable needs.
/// </summary>
internal sealed unsafe partial class HttpConnection
{
    private PendingFile _file;

    public bool WriteFile(int fileDescriptor, long offset, long count)
    {
        if (_clientGone)
        {
            return false;
        }
        if (count < 0)
        {
            using var handle = new SafeFileHandle(fileDescriptor, ownsHandle: false);
            count = Math.Max(0, RandomAccess.GetLength(handle) - offset);
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
        if (_chunkedResponse)
        {
            var size = _output.GetSpan(20);
            System.Buffers.Text.Utf8Formatter.TryFormat(count, size, out var digits, new System.Buffers.StandardFormat('x'));
            "\r\n"u8.CopyTo(size[digits..]);
            _output.Commit(digits + 2);
        }
        _file = new PendingFile(fileDescriptor, offset, count, _chunkedResponse);
        return FlushFile() && !_file.Active && !_clientGone;
    }

    /// <summary>Sends the pending file once the bytes before it left; false when the connection closed.</summary>
    private bool FlushFile()
    {
        if (!_file.Active)
        {
            return true;
        }
        if (!FlushOutput())
        {
            return false;
        }
        while (_output.Pending == 0 && _writable && _file.Remaining > 0)
        {
            var offset = _file.Offset;
            var sent = LibC.sendfile(_fd, _file.Descriptor, &offset, (nint)Math.Min(_file.Remaining, 1 << 30));
            if (sent < 0)
            {
                var errno = LibC.Errno;
                if (errno == LibC.EAGAIN)
                {
                    _writable = false;
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
                // The file is shorter than announced: the framing can no longer be kept.
                _closeAfterResponse = true;
                _file.Remaining = 0;
                break;
            }
            _file.Offset = offset;
            _file.Remaining -= sent;
            _bodySent += sent;
        }
        if (_file.Remaining == 0)
        {
            if (_file.ChunkSuffix)
            {
                _output.Write("\r\n"u8);
            }
            _file = default;
        }
        return true;
    }

    public bool Drain()
    {
        while (_fd >= 0 && !_clientGone)
        {
            if (!FlushOutput() || !FlushFile())
            {
                return false;
            }
            if (_output.Pending == 0 && !_file.Active)
            {
                return true;
            }
            var poll = new PollFd { Fd = _fd, Events = LibC.POLLOUT };
            _front.Application.EnterWait();
            var ready = LibC.poll(&poll, 1, _front.Options.SocketTimeoutSeconds * 1000);
            _front.Application.LeaveWait();
            if (ready == 0 || (poll.Revents & (LibC.POLLERR | LibC.POLLHUP)) != 0)
            {
                _clientGone = true;
                return false;
            }
            _writable = true;
        }
        return false;
    }

    private struct PendingFile(int descriptor, long offset, long remaining, bool chunkSuffix)
    {
        public readonly int Descriptor = descriptor;
        public long Offset = offset;
        public long Remaining = remaining;
        public readonly bool ChunkSuffix = chunkSuffix;

        public readonly bool Active => Remaining > 0;
    }
}
