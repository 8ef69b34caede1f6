using Gantry.Application;
using Gantry.Posix.Native;

namespace Gantry.Supervisor.Processes;

/// <summary>
/// The parent's end of one child output pipe (stdout, or stderr unless redirected): non-blocking, watched by the
/// loop, every batch handed to its consumer (an <see cref="OutputRecorder"/>, or a listener's <see cref="ListenerProtocol"/>). Owned by the <see cref="SupervisedProcess"/> that spawned the child;
/// closed at end of file or when the process is reaped (after a last drain).
/// </summary>
internal sealed unsafe class OutputChannel : IReadinessHandler, IDisposable
{
    private const int BufferSize = 16 * 1024;
    // One buffer for every channel: all of them are read on the supervisor's one loop thread, and each batch is written
    // out before the next read (100 programs would otherwise keep 1.6 MB of buffers).
    private static readonly byte[] SharedBuffer = new byte[BufferSize];
    private readonly byte[] _buffer = SharedBuffer;
    private readonly IOutputConsumer _consumer;
    private IFdWatch? _watch;
    private int _fd;

    public OutputChannel(int fd, IOutputConsumer consumer, ILoopServices loop)
    {
        _fd = fd;
        _consumer = consumer;
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
                _consumer.Consume(_buffer.AsSpan(0, (int)count));
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
