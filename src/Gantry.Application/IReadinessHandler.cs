namespace Gantry.Application;

/// <summary>A host's callback for a descriptor it watches through <see cref="ILoopServices.Watch"/>.</summary>
public interface IReadinessHandler
{
    /// <summary>
    /// The descriptor is ready for <paramref name="ready"/> (a hang-up or an error reports both, so the next read or
    /// write says what happened). Runs on the loop thread; must not block.
    /// </summary>
    void OnReady(LoopReadiness ready);
}
