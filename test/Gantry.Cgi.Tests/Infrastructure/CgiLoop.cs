using Gantry.Application;
using Gantry.Configuration;
using Gantry.Server;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>
/// A real Gantry.Server loop (a <see cref="LoopServer"/> without listeners: real epoll, real timers, posted work) on
/// its own thread, with a <see cref="CgiThread"/> attached as a loop thread attaches it, and requests handed to it
/// through <see cref="TestResponse"/>s instead of sockets. Time is the loop's <see cref="TimeProvider"/>, so a fake
/// one tests cgi-timeout without sleeping. <see cref="AssertNothingLeft"/> shows every script reaped and every
/// descriptor closed.
/// </summary>
internal sealed class CgiLoop : IDisposable
{
    private readonly Dictionary<int, string> _descriptorsBefore;
    private readonly LoopServer _server;
    private readonly Thread _thread;
    private readonly List<TestResponse> _responses = [];
    private Exception? _failure;
    private bool _disposed;

    /// <param name="options">The cgi options.</param>
    /// <param name="time">The loop's clock.</param>
    /// <param name="withRouter">
    /// Give the CGI link a router to send local redirects back through (one whose only link is this CGI link, and
    /// whose last resort is a 404), as RequestRouting composes it; without, a local redirect goes to the client.
    /// </param>
    public CgiLoop(CgiOptions options, TimeProvider time, bool withRouter = false)
    {
        _descriptorsBefore = OpenDescriptors.Snapshot();
        Logger = new RecordingLogger();
        _server = new LoopServer(new ServerOptions { DisableLogging = true }, [], NullLoggerFactory.Instance, time);
        var router = withRouter ? new CgiOnlyRouter() : null;
        Cgi = new CgiThread(new CgiSite(options, "gantry/test", Logger), _server.Loop, router);
        router?.Attach(Cgi);
        _thread = new Thread(Run) { IsBackground = true, Name = "cgi test loop" };
        _thread.Start();
    }

    public RecordingLogger Logger { get; }

    public CgiThread Cgi { get; }

    public ILoopServices Loop => _server.Loop;

    /// <summary>Hands <paramref name="request"/> to the CGI link on the loop thread; the response to wait on.</summary>
    public TestResponse Send(TestRequest request, bool slowClient = false, bool autoDrain = true)
    {
        var response = new TestResponse(request.ToContext(), slowClient, autoDrain) { Loop = Loop };
        lock (_responses)
        {
            _responses.Add(response);
        }
        Loop.Post(new LoopWork(() => response.Invoke(Cgi)));
        return response;
    }

    /// <summary>Runs <paramref name="action"/> on the loop thread and waits for it, within the bound.</summary>
    public T OnLoop<T>(Func<T> action)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Loop.Post(new LoopWork(() =>
        {
            try
            {
                done.SetResult(action());
            }
            catch (Exception failure)
            {
                done.SetException(failure);
            }
        }));
        Assert.True(done.Task.Wait(Bounded.Bound), $"the loop did not run posted work within {Bounded.Bound.TotalSeconds} s" + (_failure is null ? string.Empty : $": it failed: {_failure}"));
        return done.Task.Result;
    }

    public void OnLoop(Action action) => OnLoop(() =>
    {
        action();
        return true;
    });

    /// <summary>
    /// Two turns of the loop: whatever was ready, and the timers due, when this was called have been handled (a
    /// turn runs posted work before the timers, so the second turn's work runs after the first turn's timers).
    /// </summary>
    public void Settle()
    {
        OnLoop(() => { });
        OnLoop(() => { });
    }

    /// <summary>Scripts started and not reaped yet (read on the loop thread).</summary>
    public int Running => OnLoop(() => Cgi.Children.Count);

    /// <summary>Waits until every script was reaped by the loop.</summary>
    public void WaitForReaped() => Bounded.Until(() => Running == 0, "every script to be reaped (CgiChildren.Count back to 0)");

    /// <summary>Every script reaped; then the loop stopped and disposed; then no descriptor left open that was not before.</summary>
    public void AssertNothingLeft()
    {
        WaitForReaped();
        Dispose();
        OpenDescriptors.AssertNoneLeft(_descriptorsBefore);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_thread.IsAlive)
        {
            OnLoop(Cgi.Dispose);
        }
        _server.RequestStop(graceful: false);
        Assert.True(_thread.Join(Bounded.Bound), "the loop thread did not stop");
        _server.Dispose();
        lock (_responses)
        {
            _responses.ForEach(response => response.Request.Dispose());
        }
        if (_failure is not null)
        {
            throw new InvalidOperationException("the loop thread failed", _failure);
        }
    }

    private void Run()
    {
        try
        {
            _server.Run(new NoApplication());
        }
        catch (Exception failure)
        {
            _failure = failure;
            lock (_responses)
            {
                _responses.ForEach(response => response.Fail(failure));
            }
        }
    }

    /// <summary>A request router whose one link is the CGI link; what it does not claim is a 404.</summary>
    private sealed class CgiOnlyRouter : IApplicationThread
    {
        private CgiThread? _cgi;

        public void Attach(CgiThread cgi) => _cgi = cgi;

        public bool StreamsRequestBody(RequestContext request) => _cgi!.StreamsRequestBody(request);

        public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation)
        {
            if (_cgi!.TryInvoke(request, response, out var step, out continuation))
            {
                return step;
            }
            response.SetStatus("404 Not Found"u8);
            return ApplicationStep.Completed;
        }

        public void EnterWait()
        {
        }

        public void LeaveWait()
        {
        }

        public void Dispose()
        {
        }
    }

    /// <summary>The loop's application: every request here goes to the CGI link directly, none through the loop's fronts.</summary>
    private sealed class NoApplication : IApplicationThread
    {
        public bool StreamsRequestBody(RequestContext request) => false;

        public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation) =>
            throw new InvalidOperationException("no front runs in these tests");

        public void EnterWait()
        {
        }

        public void LeaveWait()
        {
        }

        public void Dispose()
        {
        }
    }
}
