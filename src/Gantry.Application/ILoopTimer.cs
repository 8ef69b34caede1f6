namespace Gantry.Application;

/// <summary>A one-shot or repeating timer of a loop thread (millisecond resolution).</summary>
public interface ILoopTimer
{
    /// <summary>True while the timer will still fire.</summary>
    bool IsActive { get; }

    /// <summary>Arms the timer again, <paramref name="due"/> from now (a repeating timer keeps its period).</summary>
    void Restart(TimeSpan due);

    /// <summary>Stops the timer; it does not fire after this returns. Idempotent.</summary>
    void Cancel();
}
