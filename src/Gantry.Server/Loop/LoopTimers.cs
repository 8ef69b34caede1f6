using Gantry.Application;

namespace Gantry.Server.Loop;

/// <summary>
/// The timers of one loop thread: a heap of (timer, version) entries ordered by due timestamp. The loop waits no
/// longer than <see cref="NextDue"/> and calls <see cref="RunDue"/> after each wait. Cancelled or re-armed timers
/// leave their old entry in the heap until it comes due (then skipped): at most one stale entry per re-arm, gone
/// within the longest timeout, which costs less than finding and removing it each time.
/// </summary>
internal sealed class LoopTimers(TimeProvider time)
{
    private readonly PriorityQueue<(LoopTimer Timer, int Version), long> _queue = new();

    /// <summary>The earliest due timestamp queued (possibly of a cancelled timer), or <see cref="long.MaxValue"/>.</summary>
    public long NextDue => _queue.TryPeek(out _, out var due) ? due : long.MaxValue;

    /// <summary>Queued entries, stale ones included.</summary>
    public int QueuedEntries => _queue.Count;

    /// <summary>Starts a timer due <paramref name="due"/> from now, repeating every <paramref name="period"/> if positive.</summary>
    public ILoopTimer Start(TimeSpan due, ITimerHandler handler, TimeSpan period)
    {
        var timer = new LoopTimer(this, handler, period > TimeSpan.Zero ? ToTicks(period) : 0);
        Arm(timer, due);
        return timer;
    }

    /// <summary>(Re-)arms <paramref name="timer"/> <paramref name="due"/> from now.</summary>
    public void Arm(LoopTimer timer, TimeSpan due) =>
        Enqueue(timer, time.GetTimestamp() + ToTicks(due < TimeSpan.Zero ? TimeSpan.Zero : due));

    /// <summary>
    /// Fires every timer due at <paramref name="now"/>, earliest first. Only entries queued before the call are
    /// looked at, so a handler that re-arms its timer with no delay runs again after the next wait, never in a loop here.
    /// </summary>
    public void RunDue(long now)
    {
        for (var budget = _queue.Count; budget > 0 && _queue.TryPeek(out var entry, out var due) && due <= now; budget--)
        {
            _queue.Dequeue();
            var timer = entry.Timer;
            if (entry.Version != timer.Version || !timer.IsActive)
            {
                continue;
            }
            if (timer.PeriodTicks > 0)
            {
                // The next period counts from when it was due, not from now, unless the loop fell a period behind.
                Enqueue(timer, Math.Max(due + timer.PeriodTicks, now));
            }
            else
            {
                timer.IsActive = false;
            }
            timer.Handler.OnTimer();
        }
    }

    private void Enqueue(LoopTimer timer, long due)
    {
        timer.Version++;
        timer.IsActive = true;
        _queue.Enqueue((timer, timer.Version), due);
    }

    private long ToTicks(TimeSpan span) => (long)(span.Ticks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond);
}
