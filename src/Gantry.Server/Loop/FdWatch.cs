using Gantry.Application;
using Gantry.Posix.Native;

namespace Gantry.Server.Loop;

/// <summary>
/// A host's descriptor in the loop's epoll set, level-triggered (as a selector: the host reads or writes what it can
/// and is told again while more is possible). The host owns the descriptor; this owns only the registration.
/// </summary>
internal sealed class FdWatch : IEventHandler, IFdWatch
{
    private readonly EventLoop _loop;
    private readonly int _fd;
    private readonly IReadinessHandler _handler;
    private readonly long _token;
    private LoopReadiness _interest;
    private bool _disposed;

    public FdWatch(EventLoop loop, int fd, LoopReadiness interest, IReadinessHandler handler)
    {
        _loop = loop;
        _fd = fd;
        _handler = handler;
        _interest = interest;
        _token = loop.Register(fd, EpollEvents(interest), this);
    }

    /// <inheritdoc />
    public bool IsBusy => false;

    /// <inheritdoc />
    public void Change(LoopReadiness interest)
    {
        if (_disposed || interest == _interest)
        {
            return;
        }
        _interest = interest;
        _loop.Modify(_fd, _token, EpollEvents(interest));
    }

    /// <inheritdoc />
    public void OnEvents(uint events)
    {
        var ready = LoopReadiness.None;
        if ((events & (LibC.EPOLLERR | LibC.EPOLLHUP)) != 0)
        {
            // A hang-up or an error: whatever the host waits for, its next read or write says what happened.
            ready = _interest;
        }
        if ((events & (LibC.EPOLLIN | LibC.EPOLLRDHUP)) != 0)
        {
            ready |= LoopReadiness.Readable;
        }
        if ((events & LibC.EPOLLOUT) != 0)
        {
            ready |= LoopReadiness.Writable;
        }
        ready &= _interest;
        if (ready != LoopReadiness.None)
        {
            _handler.OnReady(ready);
        }
    }

    /// <inheritdoc />
    public void OnTick(long now)
    {
    }

    /// <inheritdoc />
    public void OnShutdown()
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _loop.Unregister(_fd, _token);
    }

    private static uint EpollEvents(LoopReadiness interest) =>
        ((interest & LoopReadiness.Readable) != 0 ? LibC.EPOLLIN | LibC.EPOLLRDHUP : 0)
        | ((interest & LoopReadiness.Writable) != 0 ? LibC.EPOLLOUT : 0);
}
