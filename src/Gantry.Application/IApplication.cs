namespace Gantry.Application;

/// <summary>
/// An application host (WSGI, ASGI, CGI…) as a front sees it. The server never references a host's
/// implementation; hosts never see sockets. Every call happens on a loop thread the host attached.
/// </summary>
public interface IApplication
{
    /// <summary>
    /// Attaches the calling loop thread. Called once per loop thread, on that thread, before any request.
    /// <paramref name="loop"/> is that thread's services (watched descriptors, timers, posted work) for a host that
    /// waits on something other than the client. The returned object is owned by that loop and disposed on it at shutdown.
    /// </summary>
    IApplicationThread AttachThread(int threadIndex, ILoopServices loop);
}
