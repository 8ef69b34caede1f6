namespace Gantry.Application.Routing;

/// <summary>
/// The application as the server sees it once routing is composed: each loop thread it attaches gets a
/// <see cref="RequestRouter"/> over that thread's handlers and that thread of the application host.
/// </summary>
public sealed class RoutedApplication : IApplication
{
    private readonly IReadOnlyList<Func<int, ILoopServices, IApplicationThread, IRequestHandler>> _handlers;
    private readonly IApplication _application;

    /// <param name="handlers">
    /// Per-thread factories of the chain, in the order it is asked (a shared handler returns itself). Each gets the
    /// thread's index, its loop services and its router, through which a handler may dispatch a request again (a CGI
    /// script's local redirect).
    /// </param>
    /// <param name="application">The host answering what the chain declines.</param>
    public RoutedApplication(IReadOnlyList<Func<int, ILoopServices, IApplicationThread, IRequestHandler>> handlers, IApplication application)
    {
        _handlers = handlers;
        _application = application;
    }

    /// <inheritdoc />
    public IApplicationThread AttachThread(int threadIndex, ILoopServices loop)
    {
        var handlers = new IRequestHandler[_handlers.Count];
        var router = new RequestRouter(handlers, _application.AttachThread(threadIndex, loop));
        for (var i = 0; i < handlers.Length; i++)
        {
            handlers[i] = _handlers[i](threadIndex, loop, router);
        }
        return router;
    }
}
