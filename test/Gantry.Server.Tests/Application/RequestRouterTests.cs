using Gantry.Application;
using Gantry.Application.Routing;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Application;

/// <summary>The request router: its chain is asked in order, the application answers what the chain declines.</summary>
public sealed class RequestRouterTests
{
    private readonly List<string> _asked = [];

    [Fact]
    public void Invoke_FirstHandlerClaiming_AnswersAndLaterOnesAreNotAsked()
    {
        var application = new RecordingThread(_asked);
        using var router = new RequestRouter([new Handler("static", claims: false, _asked), new Handler("cgi", claims: true, _asked), new Handler("php", claims: true, _asked)], application);
        using var request = new RequestContext(1024, Path.GetTempPath());

        var step = router.Invoke(request, null!, out var continuation);

        Assert.Equal(ApplicationStep.Pending, step);
        Assert.Same(Handler.Continuation, continuation);
        Assert.Equal(["static", "cgi"], _asked);
    }

    [Fact]
    public void Invoke_NoHandlerClaiming_TheApplicationAnswers()
    {
        var application = new RecordingThread(_asked);
        using var router = new RequestRouter([new Handler("static", claims: false, _asked)], application);
        using var request = new RequestContext(1024, Path.GetTempPath());

        var step = router.Invoke(request, null!, out _);

        Assert.Equal(ApplicationStep.Completed, step);
        Assert.Equal(["static", "application"], _asked);
    }

    [Fact]
    public void StreamsRequestBody_NoLinkWantsIt_TheApplicationDecides()
    {
        using var router = new RequestRouter([new Handler("static", claims: true, _asked)], new RecordingThread(_asked, streams: true));
        using var request = new RequestContext(1024, Path.GetTempPath());

        Assert.True(router.StreamsRequestBody(request));
        Assert.Equal(["static streams?", "application streams?"], _asked);
    }

    [Fact]
    public void StreamsRequestBody_ALinkWantsIt_TrueAndLaterOnesAreNotAsked()
    {
        var application = new RecordingThread(_asked);
        using var router = new RequestRouter(
            [new Handler("static", claims: true, _asked), new Handler("cgi", claims: true, _asked, streams: true), new Handler("php", claims: true, _asked, streams: true)],
            application);
        using var request = new RequestContext(1024, Path.GetTempPath());

        Assert.True(router.StreamsRequestBody(request));
        Assert.Equal(["static streams?", "cgi streams?"], _asked);
    }

    [Fact]
    public void StreamsRequestBody_NobodyWantsIt_False()
    {
        using var router = new RequestRouter([new Handler("static", claims: false, _asked)], new RecordingThread(_asked));
        using var request = new RequestContext(1024, Path.GetTempPath());

        Assert.False(router.StreamsRequestBody(request));
        Assert.Equal(["static streams?", "application streams?"], _asked);
    }

    [Fact]
    public void WaitsAndDispose_ReachTheApplicationAndDisposableHandlers()
    {
        var application = new RecordingThread(_asked);
        var router = new RequestRouter([new Handler("cgi", claims: false, _asked)], application);

        router.EnterWait();
        router.LeaveWait();
        router.Dispose();

        Assert.Equal(["enter", "leave", "cgi disposed", "application disposed"], _asked);
    }

    [Fact]
    public void RoutedApplication_EachThreadGetsItsOwnHandlersAndApplicationThread()
    {
        var made = new List<(int Thread, string What)>();
        var routers = new List<IApplicationThread>();
        var routed = new RoutedApplication(
            [(thread, _, router) =>
            {
                made.Add((thread, "handler"));
                routers.Add(router);
                return new Handler("h", claims: false, _asked);
            }],
            new RecordingApplication(made));
        using var loop = new LoopHost(TestApps.Hello());

        using (var first = routed.AttachThread(0, loop.Loop))
        using (var second = routed.AttachThread(1, loop.Loop))
        {
            // Each handler is handed its own thread's router, through which it may dispatch again (a local redirect).
            Assert.Equal([first, second], routers);
        }

        Assert.Equal([(0, "application"), (0, "handler"), (1, "application"), (1, "handler")], made);
    }

    private sealed class Handler(string name, bool claims, List<string> asked, bool streams = false) : IRequestHandler, IDisposable
    {
        public static readonly IResponseContinuation Continuation = new NoContinuation();

        public bool StreamsRequestBody(RequestContext request)
        {
            asked.Add($"{name} streams?");
            return streams;
        }

        public bool TryInvoke(RequestContext request, IResponseSink response, out ApplicationStep step, out IResponseContinuation? continuation)
        {
            asked.Add(name);
            step = ApplicationStep.Pending;
            continuation = claims ? Continuation : null;
            return claims;
        }

        public void Dispose() => asked.Add($"{name} disposed");
    }

    private sealed class NoContinuation : IResponseContinuation
    {
        public ApplicationStep Resume(IResponseSink response) => ApplicationStep.Completed;

        public void Abort()
        {
        }
    }

    private sealed class RecordingThread(List<string> asked, bool streams = false) : IApplicationThread
    {
        public bool StreamsRequestBody(RequestContext request)
        {
            asked.Add("application streams?");
            return streams;
        }
        public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation)
        {
            asked.Add("application");
            continuation = null;
            return ApplicationStep.Completed;
        }

        public void EnterWait() => asked.Add("enter");

        public void LeaveWait() => asked.Add("leave");

        public void Dispose() => asked.Add("application disposed");
    }

    private sealed class RecordingApplication(List<(int Thread, string What)> made) : IApplication
    {
        public IApplicationThread AttachThread(int threadIndex, ILoopServices loop)
        {
            made.Add((threadIndex, "application"));
            return new RecordingThread([]);
        }
    }
}
