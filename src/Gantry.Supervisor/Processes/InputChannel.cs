using Gantry.Application;
using Gantry.Posix.Native;

namespace Gantry.Supervisor.Processes;

/// <summary>
/// The parent's end of a child's stdin pipe (supervisord's <c>PInputDispatcher</c>): what the supervisor sends
/// (sendProcessStdin, an event for a listener) is written at once as far as the pipe takes it; the rest waits in a
/// buffer, written when the loop sees the pipe writable. EPIPE (the child closed its stdin) closes the channel.
/// </summary>
internal sealed unsafe class InputChannel(int fd, ILoopServices loop) : IReadinessHandler, IDisposable
{
    private int _fd = fd;
    private byte[] _pending = [];
    private IFdWatch? _watch;

    public bool Closed => _fd < 0;

    /// <summary>False when the channel is closed (the child closed its stdin or ended).</summary>
    public bool Write(ReadOnlySpan<byte> data)
    {
        if (_fd < 0)
        {
            return false;
        }
        _pending = [.. _pending, .. data];
        Flush();
        return true;
    }

    public void OnReady(LoopReadiness ready) => Flush();

    private void Flush()
    {
        while (_fd >= 0 && _pending.Length > 0)
        {
            nint written;
            fixed (byte* data = _pending)
            {
                written = LibC.write(_fd, data, _pending.Length);
            }
            if (written > 0)
            {
                _pending = _pending[(int)written..];
                continue;
            }
            var errno = LibC.Errno;
            if (written < 0 && errno == LibC.EINTR)
            {
                continue;
            }
            if (written < 0 && errno == LibC.EAGAIN)
            {
                _watch ??= loop.Watch(_fd, LoopReadiness.Writable, this);
                return;
            }
            Dispose();
            return;
        }
        if (_watch is not null)
        {
            _watch.Dispose();
            _watch = null;
        }
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _watch = null;
        _pending = [];
        if (_fd >= 0)
        {
            LibC.close(_fd);
            _fd = -1;
        }
    }
}
