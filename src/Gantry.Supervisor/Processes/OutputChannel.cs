using Gantry.Application;
using Gantry.Posix.Native;

namespace Gantry.Supervisor.Processes;

/// <summary>
/// The parent's end of one child output pipe (stdout, or stderr unless redirected): non-blocking, watched by the
/// loop, every batch written to the channel's log. Owned by the <see cref="SupervisedProcess"/> that spawned the child;
/// closed at end of file or when the process is reaped (after a last drain).
/// </summary>
internal sealed unsafe class OutputChannel : IReadinessHandler, IDisposable
{
    private const int BufferSize = 16 * 1024;
    // One buffer for every channel: all of them are read on the supervisor's one loop thread, and each batch is written
    // out before the next read (100 programs would otherwise keep 1.6 MB of buffers).
    private static readonly byte[] SharedBuffer = new byte[BufferSize];
    private readonly byte[] _buffer = SharedBuffer;
    private readonly RotatingLog? _log;
    private readonly Action<ReadOnlyMemory<byte>>? _observer;
    private IFdWatch? _watch;
    private int _fd;

    public OutputChannel(int fd, RotatingLog? log, ILoopServices loop, Action<ReadOnlyMemory<byte>>? observer)
    {
        _fd = fd;
        _log = log;
        _observer = observer;
        _watch = loop.Watch(fd, LoopReadiness.Readable, this);
    }

    public void OnReady(LoopReadiness ready) => Drain();

    /// <summary>Reads what the pipe holds now; closes at end of file.</summary>
    public void Drain()
    {
        while (_fd >= 0)
        {
            nint count;
            fixed (byte* buffer = _buffer)
            {
                count = LibC.read(_fd, buffer, BufferSize);
            }
            if (count > 0)
            {
                var data = _buffer.AsSpan(0, (int)count);
                try
                {
                    _log?.Write(data);
                }
                catch (IOException)
                {
                    // A full disk or a removed directory must not stop the supervisor; the output is lost, as supervisord loses it.
                }
                _observer?.Invoke(_buffer.AsMemory(0, (int)count));
                continue;
            }
            if (count < 0 && LibC.Errno is LibC.EAGAIN or LibC.EINTR)
            {
                return;
            }
            Dispose();
        }
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _watch = null;
        if (_fd >= 0)
        {
            LibC.close(_fd);
            _fd = -1;
        }
    }
}
