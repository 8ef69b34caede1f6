namespace Gantry.Application;

/// <summary>A host's callback for a timer it started through <see cref="ILoopServices.StartTimer"/>.</summary>
public interface ITimerHandler
{
    /// <summary>The timer is due. Runs on the loop thread; must not block.</summary>
    void OnTimer();
}
