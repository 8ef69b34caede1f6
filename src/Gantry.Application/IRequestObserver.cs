namespace Gantry.Application;

/// <summary>
/// Told by the front when a request's response is finished (completed, cut or abandoned), with what the client was
/// sent: the master's scoreboard counts requests by front and status class and the bytes sent from it. An
/// <see cref="IApplicationThread"/> that implements it is told by every front of its loop; called on the loop thread,
/// once per request, after the response; must not block.
/// </summary>
public interface IRequestObserver
{
    /// <param name="front">The protocol the request came in on.</param>
    /// <param name="statusCode">The response's status (0 when none was chosen).</param>
    /// <param name="bytesSent">Head and body bytes the response produced.</param>
    /// <param name="applicationFailed">The host ended the request with <see cref="ApplicationStep.Failed"/> (an exception).</param>
    void OnRequestFinished(RequestFront front, int statusCode, long bytesSent, bool applicationFailed);
}
