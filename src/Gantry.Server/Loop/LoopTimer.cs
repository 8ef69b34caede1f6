using Gantry.Application;

namespace Gantry.Server.Loop;

/// <summary>
/// One timer of a loop thread. Arming it queues an entry tagged with <see cref="Version"/>; cancelling or re-arming
/// bumps the version, so an entry already queued for it is skipped when it comes due instead of being searched for.
/// </summary>
internal sealed class LoopTimer(LoopTimers owner, ITimerHandler handler, long periodTicks) : ILoopTimer
{
    /// <summary>Which queued entry is the live one.</summary>
    public int Version { get; set; }

    /// <summary>The callback.</summary>
    public ITimerHandler Handler => handler;

    /// <summary>The period in <see cref="TimeProvider"/> ticks; 0 for a one-shot timer.</summary>
    public long PeriodTicks => periodTicks;

    /// <inheritdoc />
    public bool IsActive { get; set; }

    /// <inheritdoc />
    public void Restart(TimeSpan due) => owner.Arm(this, due);

    /// <inheritdoc />
    public void Cancel()
    {
        IsActive = false;
        Version++;
    }
}
