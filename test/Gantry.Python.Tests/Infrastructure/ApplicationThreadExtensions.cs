using Gantry.Application;

namespace Gantry.Python.Tests.Infrastructure;

/// <summary>Calls an application thread as a loop would. Use on the Python thread only.</summary>
public static class ApplicationThreadExtensions
{
    /// <summary>One Invoke, no resuming.</summary>
    public static WsgiResponse Call(this IApplicationThread thread, RequestContext request, RecordingSink? sink = null)
    {
        sink ??= new RecordingSink();
        var step = thread.Invoke(request, sink, out var continuation);
        return new WsgiResponse(step, sink, continuation, 0);
    }

    /// <summary>Invoke, then Resume while the response is suspended (as the loop does once output drained).</summary>
    public static WsgiResponse CallToEnd(this IApplicationThread thread, RequestContext request, RecordingSink? sink = null)
    {
        sink ??= new RecordingSink();
        var step = thread.Invoke(request, sink, out var continuation);
        var suspensions = 0;
        while (step == ApplicationStep.Suspended)
        {
            suspensions++;
            step = continuation!.Resume(sink);
        }
        return new WsgiResponse(step, sink, null, suspensions);
    }
}
