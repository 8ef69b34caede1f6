namespace Gantry.Application.Routing;

/// <summary>
/// One loop thread's request router: the one place that decides who answers a request. The handlers are asked in
/// order (static files, then CGI directories, then a PHP document root: see ARCHITECTURE.md "Who answers a
/// request") and the application host answers whatever none of them claims (a Python host picks among its own
/// mount points there). A front hands every request here and knows none of them.
/// </summary>
public sealed class RequestRouter : IApplicationThread
{
    private readonly IRequestHandler[] _handlers;
    private readonly IApplicationThread _application;

    /// <param name="handlers">The chain, in the order it is asked.</param>
    /// <param name="application">The host answering every request the chain declines; owned (disposed) by the router.</param>
    public RequestRouter(IRequestHandler[] handlers, IApplicationThread application)
    {
        _handlers = handlers;
        _application = application;
    }

    /// <summary>
    /// True when a link wants the request's body streamed (a link says so only for a request it would claim; the first
    /// that does decides), else what the application host says. A link before it that would claim the request without
    /// streaming (static files) answers it as it would anyway: it reads no body, and the front drops the rest.
    /// </summary>
    public bool StreamsRequestBody(RequestContext request)
    {
        foreach (var handler in _handlers)
        {
            if (handler.StreamsRequestBody(request))
            {
                return true;
            }
        }
        return _application.StreamsRequestBody(request);
    }

    /// <inheritdoc />
    /// <remarks>The host's answer: a link that claims the path answers an upgrade as an ordinary GET.</remarks>
    public bool AcceptsWebSocket(RequestContext request) => _application.AcceptsWebSocket(request);

    /// <inheritdoc />
    public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation)
    {
        foreach (var handler in _handlers)
        {
            if (handler.TryInvoke(request, response, out var step, out continuation))
            {
                return step;
            }
        }
        return _application.Invoke(request, response, out continuation);
    }

    /// <inheritdoc />
    public void EnterWait() => _application.EnterWait();

    /// <inheritdoc />
    public void LeaveWait() => _application.LeaveWait();

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var handler in _handlers)
        {
            (handler as IDisposable)?.Dispose();
        }
        _application.Dispose();
    }
}
