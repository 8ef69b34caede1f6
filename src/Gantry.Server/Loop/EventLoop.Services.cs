using System.Collections.Concurrent;
using Gantry.Application;
using Gantry.Posix.Native;

namespace Gantry.Server.Loop;

/// <summary>The loop's services for hosts (<see cref="ILoopServices"/>): watched descriptors, timers, posted work.</summary>
internal sealed unsafe partial class EventLoop : ILoopServices
{
    private readonly ConcurrentQueue<ILoopWork> _posted = new();
    private LoopTimers? _timers;
    private int _loopThreadId;

    private LoopTimers Timers => _timers ??= new LoopTimers(_time);

    /// <inheritdoc />
    public IFdWatch Watch(int fd, LoopReadiness interest, IReadinessHandler handler) => new FdWatch(this, fd, interest, handler);

    /// <inheritdoc />
    public ILoopTimer StartTimer(TimeSpan due, ITimerHandler handler, TimeSpan period = default) => Timers.Start(due, handler, period);

    /// <inheritdoc />
    public void Post(ILoopWork work)
    {
        _posted.Enqueue(work);
        if (Environment.CurrentManagedThreadId != Volatile.Read(ref _loopThreadId))
        {
            _wakeup.Signal();
        }
    }

    /// <summary>Changes the events a registered descriptor waits for.</summary>
    public void Modify(int fd, long token, uint events)
    {
        var ev = new EpollEvent { Events = events, Data = (ulong)token };
        if (LibC.epoll_ctl(_epoll, LibC.EPOLL_CTL_MOD, fd, &ev) != 0)
        {
            throw new InvalidOperationException($"epoll_ctl(MOD, {fd}) failed: errno {LibC.Errno}");
        }
    }

    /// <summary>Timestamp of the next timer, or <see cref="long.MaxValue"/> without timers.</summary>
    private long NextTimerDue => _timers?.NextDue ?? long.MaxValue;

    /// <summary>Runs what other threads posted and the timers now due; after every wait.</summary>
    private void RunServices()
    {
        // Only what was posted before this call: work that posts more runs after the next wait, never in a loop here.
        for (var budget = _posted.Count; budget > 0 && _posted.TryDequeue(out var work); budget--)
        {
            work.Run();
        }
        if (_timers is { } timers)
        {
            var now = _time.GetTimestamp();
            if (timers.NextDue <= now)
            {
                timers.RunDue(now);
            }
        }
    }
}
