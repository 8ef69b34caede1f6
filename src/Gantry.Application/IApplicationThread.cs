namespace Gantry.Application;

/// <summary>
/// One loop thread's view of the application. Not thread-safe: used only by the loop thread that attached it.
/// </summary>
public interface IApplicationThread : IDisposable
{
    /// <summary>
    /// Runs the application for one fully received request. The response goes to <paramref name="response"/>.
    /// When the result is <see cref="ApplicationStep.Suspended"/>, <paramref name="continuation"/> is set and
    /// the server calls <see cref="IResponseContinuation.Resume"/> once the output drained, or
    /// <see cref="IResponseContinuation.Abort"/> if the client went away.
    /// </summary>
    ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation);

    /// <summary>The loop is about to wait (epoll_wait, a blocking drain): let other threads run (e.g. release the GIL).</summary>
    void EnterWait();

    /// <summary>The wait is over: take the thread back (e.g. re-acquire the GIL).</summary>
    void LeaveWait();
}
