namespace Gantry.Application;

/// <summary>
/// One loop thread's view of the application. Not thread-safe: used only by the loop thread that attached it.
/// </summary>
public interface IApplicationThread : IDisposable
{
    /// <summary>
    /// Asked after the head of a request that has a body (a CONTENT_LENGTH above 0, or a body of unknown length: HTTP
    /// chunked, FastCGI STDIN without CONTENT_LENGTH, which then has none), before any of it is awaited: true to be
    /// invoked at once and read the body while it arrives (CGI stdin, php-fpm, ASGI <c>more_body</c>): then
    /// <see cref="RequestContext.Body"/> is not <see cref="RequestBody.IsComplete"/> yet, an empty
    /// <see cref="RequestBody.Peek"/> means "wait", and <see cref="RequestBody.NotifyWhenMoreArrives"/> says when to
    /// go on. False (a WSGI host: PEP 3333's wsgi.input must not wait on the network) keeps today's default: the
    /// whole body is received (spooled past --post-buffering) before <see cref="Invoke"/>. A decorator forwards it.
    /// </summary>
    bool StreamsRequestBody(RequestContext request);

    /// <summary>
    /// Runs the application for one request, received whole unless <see cref="StreamsRequestBody"/> said otherwise. The response goes to <paramref name="response"/>.
    /// When the result is <see cref="ApplicationStep.Suspended"/>, <paramref name="continuation"/> is set and
    /// the server calls <see cref="IResponseContinuation.Resume"/> once the output drained, or
    /// <see cref="IResponseContinuation.Abort"/> if the client went away.
    /// </summary>
    ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation);

    /// <summary>
    /// Asked by the HTTP front for a request that carries <c>Upgrade</c> headers, before it checks them: true when the
    /// host serves WebSocket for it (ASGI), so the front validates the upgrade strictly (400 otherwise) and offers it as
    /// <see cref="RequestContext.WebSocket"/>. False (the default: WSGI, CGI, PHP, static files) leaves the request an
    /// ordinary one, as uWSGI and gunicorn hand it to WSGI. A decorator forwards it. The Kestrel front (HTTPS) asks
    /// from its own thread before it posts the request: the answer must depend on nothing the loop thread changes.
    /// </summary>
    bool AcceptsWebSocket(RequestContext request) => false;

    /// <summary>The loop is about to wait (epoll_wait, a blocking drain): let other threads run (e.g. release the GIL).</summary>
    void EnterWait();

    /// <summary>The wait is over: take the thread back (e.g. re-acquire the GIL).</summary>
    void LeaveWait();
}
