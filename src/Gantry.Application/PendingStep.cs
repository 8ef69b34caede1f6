namespace Gantry.Application;

/// <summary>
/// A host's side of <see cref="ApplicationStep.Pending"/>: whether the connection is waiting for it, so that whatever
/// happens next (a descriptor became ready, a timer fired, posted work ran) wakes the connection once, and only when
/// it waits (a callback during a step must not). Kept as a field of the host's continuation (a mutable struct: never
/// copy it). Loop thread only.
/// </summary>
public struct PendingStep
{
    private bool _waiting;

    /// <summary>The step to return when the host waits on something other than the client.</summary>
    public ApplicationStep Wait()
    {
        _waiting = true;
        return ApplicationStep.Pending;
    }

    /// <summary>The connection resumed the host (<see cref="IResponseContinuation.Resume"/>): it no longer waits.</summary>
    public void Resumed() => _waiting = false;

    /// <summary>
    /// Last thing a callback does: calls <see cref="IResponseSink.Continue"/> if the connection waits (it may run
    /// <see cref="IResponseContinuation.Resume"/>, and finish the host, inside).
    /// </summary>
    public void Wake(IResponseSink sink)
    {
        if (_waiting)
        {
            _waiting = false;
            sink.Continue();
        }
    }
}
