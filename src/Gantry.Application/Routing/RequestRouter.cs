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
