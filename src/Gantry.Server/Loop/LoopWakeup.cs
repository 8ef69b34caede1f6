using Gantry.Posix.Native;

namespace Gantry.Server.Loop;

/// <summary>An eventfd in the loop's epoll set, so other threads (signals, a master pipe) can wake the loop.</summary>
internal sealed unsafe class LoopWakeup : IEventHandler, IDisposable
{
    private readonly EventLoop _loop;

    public LoopWakeup(EventLoop loop)
    {
        _loop = loop;
        Fd = LibC.eventfd(0, LibC.EFD_NONBLOCK | LibC.EFD_CLOEXEC);
        if (Fd < 0)
        {
            throw new InvalidOperationException($"eventfd failed: errno {LibC.Errno}");
        }
    }

    public int Fd { get; }

    public bool IsBusy => false;

    public void Signal()
    {
        ulong one = 1;
        LibC.write(Fd, (byte*)&one, sizeof(ulong));
    }

    public void OnEvents(uint events)
    {
        ulong value;
        LibC.read(Fd, (byte*)&value, sizeof(ulong));
    }

    public void OnTick(long now)
    {
    }

    public void OnShutdown()
    {
    }

    public void Dispose() => LibC.close(Fd);
}
