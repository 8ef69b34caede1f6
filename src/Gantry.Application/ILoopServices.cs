namespace Gantry.Application;

/// <summary>
/// What a loop thread offers the host attached to it, so a host that waits on something other than the client (a
/// child process's pipes, php-fpm, asyncio, another thread) never blocks the loop and needs no thread of its own:
/// watched descriptors, timers and work posted from other threads. Every member but <see cref="Post"/> is for the
/// loop thread only; every callback runs on it.
/// </summary>
public interface ILoopServices
{
    /// <summary>The clock the loop's timers and timeouts read.</summary>
    TimeProvider Time { get; }

    /// <summary>Adds <paramref name="fd"/> to the loop's wait set; <paramref name="handler"/> runs while it is ready.</summary>
    IFdWatch Watch(int fd, LoopReadiness interest, IReadinessHandler handler);

    /// <summary>
    /// Starts a timer due <paramref name="due"/> from now; with a positive <paramref name="period"/> it repeats. The
    /// loop's wait ends for it, so a timer is late by the loop's current work at most, not by a tick.
    /// </summary>
    ILoopTimer StartTimer(TimeSpan due, ITimerHandler handler, TimeSpan period = default);

    /// <summary>
    /// From any thread: runs <paramref name="work"/> on the loop thread soon (in posting order), waking the loop if it
    /// waits. Work posted while the loop stops is dropped.
    /// </summary>
    void Post(ILoopWork work);
}
