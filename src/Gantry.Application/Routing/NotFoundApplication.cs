namespace Gantry.Application.Routing;

/// <summary>
/// The host behind the request router when no application host runs (a CGI-only site: Python is not started): every
/// request the router's handlers (static files, CGI directories) decline is answered 404 Not Found, a text/plain
/// "Not Found". Stateless, so one instance serves every loop thread and is its own thread.
/// </summary>
public sealed class NotFoundApplication : IApplication, IApplicationThread
{
    private NotFoundApplication()
    {
    }

    /// <summary>The one instance.</summary>
    public static NotFoundApplication Instance { get; } = new();

    /// <inheritdoc />
    public IApplicationThread AttachThread(int threadIndex, ILoopServices loop) => this;

    /// <inheritdoc />
    public bool StreamsRequestBody(RequestContext request) => false;

    /// <inheritdoc />
    public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation)
    {
        continuation = null;
        return PlainTextResponse.Write(response, "404 Not Found"u8);
    }

    /// <inheritdoc />
    public void EnterWait()
    {
    }

    /// <inheritdoc />
    public void LeaveWait()
    {
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
