namespace Gantry.Application;

/// <summary>
/// A body the host reads while it arrives: the front hands the request over right after its head, appends bytes as
/// they come (they spool to the temporary file past the memory limit, so the front never holds more than a receive
/// buffer whatever the host's pace) and tells the host's listener after each batch and at the end.
/// </summary>
public sealed partial class RequestBody
{
    private IRequestBodyListener? _listener;

    /// <summary>
    /// True once every byte of the body was received: always for a body received whole before the host ran (every
    /// body of a host that does not stream them), and for a streamed one once its end arrived.
    /// </summary>
    public bool IsComplete { get; private set; } = true;

    /// <summary>
    /// The host's side: calls <paramref name="listener"/> once, on the loop thread, when bytes are appended or the body
    /// completes (see <see cref="IRequestBodyListener.OnRequestBodyData"/>). One-shot: a host that still waits after
    /// reading registers again. A later registration replaces an earlier one; the end of the request forgets it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The body is complete: nothing more will arrive.</exception>
    public void NotifyWhenMoreArrives(IRequestBodyListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        if (IsComplete)
        {
            throw new InvalidOperationException("the request body is complete: nothing more will arrive");
        }
        _listener = listener;
    }

    /// <summary>The front's side: the body goes to the host before its end arrived; <see cref="IsComplete"/> is false until <see cref="MarkComplete"/>.</summary>
    public void MarkIncomplete() => IsComplete = false;

    /// <summary>The front's side: the last byte arrived. Follow with <see cref="NotifyListener"/>.</summary>
    public void MarkComplete() => IsComplete = true;

    /// <summary>
    /// The front's side, after it appended bytes or marked the body complete and is in a state to have the host
    /// continue: calls the registered listener, if any, and forgets it.
    /// </summary>
    public void NotifyListener()
    {
        if (_listener is { } listener)
        {
            _listener = null;
            listener.OnRequestBodyData();
        }
    }
}
