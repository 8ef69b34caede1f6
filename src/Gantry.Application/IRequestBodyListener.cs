namespace Gantry.Application;

/// <summary>
/// A host reading a streamed request body (<see cref="IApplicationThread.StreamsRequestBody"/>) that found no unread
/// byte and waits for more: registered with <see cref="RequestBody.NotifyWhenMoreArrives"/>.
/// </summary>
public interface IRequestBodyListener
{
    /// <summary>
    /// Bytes were appended to the body, or it is complete now (<see cref="RequestBody.IsComplete"/>). Called once per
    /// registration, on the loop thread, between two steps of the response: the host may read the body and call
    /// <see cref="IResponseSink.Continue"/> (a pending host then resumes right after this returns), and writes its
    /// response in <see cref="IResponseContinuation.Resume"/>, not here. Must not block.
    /// </summary>
    void OnRequestBodyData();
}
