using Gantry.Application;
using Gantry.Posix.Native;

namespace Gantry.Server.Loop;

internal sealed unsafe partial class EventLoop
{
    /// <summary>
    /// Runs until a stop is requested. A graceful stop tells every handler to finish what it has and waits
    /// up to <paramref name="gracePeriod"/> for them to go idle.
    /// </summary>
    public void Run(IApplicationThread application, TimeSpan gracePeriod)
    {
        Volatile.Write(ref _loopThreadId, Environment.CurrentManagedThreadId);
        try
        {
            RunTurns(application, gracePeriod);
        }
        finally
        {
            RunDeferred();
        }
    }

    private void RunTurns(IApplicationThread application, TimeSpan gracePeriod)
    {
        _nextTick = _time.GetTimestamp() + TicksFromMilliseconds(TickMilliseconds);
        long shutdownDeadline = 0;
        var shuttingDown = false;
        while (true)
        {
            if (_stopRequest != 0 && !shuttingDown)
            {
                if (_stopRequest == 2)
                {
                    return;
                }
                shuttingDown = true;
                shutdownDeadline = _time.GetTimestamp() + (long)(gracePeriod.TotalSeconds * _time.TimestampFrequency);
                NotifyHandlers(shutdown: true, 0);
            }
            if (shuttingDown && (!AnyBusy() || _time.GetTimestamp() >= shutdownDeadline || _stopRequest == 2))
            {
                return;
            }

            var timeout = _posted.IsEmpty ? MillisecondsUntil(Math.Min(Math.Min(_nextTick, NextTimerDue), DeferredDue())) : 0;
            application.EnterWait();
            var count = LibC.epoll_wait(_epoll, _events, MaxEvents, timeout);
            application.LeaveWait();
            if (count < 0)
            {
                if (LibC.Errno == LibC.EINTR)
                {
                    continue;
                }
                throw new InvalidOperationException($"epoll_wait failed: errno {LibC.Errno}");
            }
            for (var i = 0; i < count; i++)
            {
                FlushBatch(onlyIfLate: true);
                _eventsLeftInBatch = count - 1 - i;
                Dispatch(_events[i]);
            }
            _eventsLeftInBatch = 0;
            FlushBatch(onlyIfLate: false);
            RunServices();
            var now = _time.GetTimestamp();
            if (now >= DeferredDue())
            {
                RunDeferred();
            }
            if (now >= _nextTick)
            {
                _nextTick = now + TicksFromMilliseconds(TickMilliseconds);
                NotifyHandlers(shutdown: false, now);
            }
        }
    }

    /// <summary>The earliest time a deferred work (<see cref="AddDeferredWork"/>) is due; long.MaxValue when none is.</summary>
    private long DeferredDue()
    {
        var due = long.MaxValue;
        foreach (var work in _deferred)
        {
            due = Math.Min(due, work.DeferredDue);
        }
        return due;
    }

    /// <summary>What was registered with <see cref="AddDeferredWork"/> runs, in order.</summary>
    private void RunDeferred()
    {
        foreach (var work in _deferred)
        {
            if (work.DeferredDue != long.MaxValue)
            {
                work.RunDeferred();
            }
        }
    }

    private void Dispatch(in EpollEvent ev)
    {
        var slot = (int)(ev.Data & 0xFFFFFFFF);
        var generation = (uint)(ev.Data >> 32);
        if (slot >= _slotsUsed || _generations[slot] != generation)
        {
            return;
        }
        _handlers[slot]?.OnEvents(ev.Events);
    }

    /// <summary>
    /// Ticks every handler, or tells each the loop is shutting down. A plain loop, not a delegate: a lambda's
    /// cached delegate would be allocated on the first tick, inside whatever request happens to be running.
    /// </summary>
    private void NotifyHandlers(bool shutdown, long now)
    {
        for (var slot = 0; slot < _slotsUsed; slot++)
        {
            if (_handlers[slot] is not { } handler)
            {
                continue;
            }
            if (shutdown)
            {
                handler.OnShutdown();
            }
            else
            {
                handler.OnTick(now);
            }
        }
    }

    private bool AnyBusy()
    {
        for (var slot = 0; slot < _slotsUsed; slot++)
        {
            if (_handlers[slot] is { IsBusy: true })
            {
                return true;
            }
        }
        return false;
    }

    private int MillisecondsUntil(long timestamp)
    {
        var remaining = timestamp - _time.GetTimestamp();
        if (remaining <= 0)
        {
            return 0;
        }
        return (int)Math.Min(TickMilliseconds, remaining * 1000 / _time.TimestampFrequency + 1);
    }

    private long TicksFromMilliseconds(int milliseconds) => milliseconds * _time.TimestampFrequency / 1000;
}
