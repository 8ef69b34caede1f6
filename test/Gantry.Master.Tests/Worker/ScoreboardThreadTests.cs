using Gantry.Application;
using Gantry.Application.Routing;
using Gantry.Master.Scoreboard;
using Gantry.Master.Tests.Infrastructure;
using Gantry.Master.Worker;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Master.Tests.Worker;

public sealed class ScoreboardThreadTests
{
    [Fact]
    public void Invoke_CompletedRequest_BusyDuringTheCallThenIdleAndCounted()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 2);
        var core = scoreboard.Core(0, 1);
        var application = new ProbeApplication(() => core.Read());
        using var loop = new IdleLoop();
        using var thread = Wrap(application, scoreboard).AttachThread(1, loop.Services);
        using var request = Request("GET", "/items?id=7", "192.0.2.10");

        var step = thread.Invoke(request, null!, out var continuation);

        Assert.Equal(ApplicationStep.Completed, step);
        Assert.Null(continuation);
        Assert.True(application.SeenDuringCall!.Value.Busy);
        Assert.Equal("192.0.2.10 - GET /items?id=7", application.SeenDuringCall.Value.Request);
        Assert.False(core.Read().Busy);
        Assert.Equal(1, core.Read().Requests);
        Assert.Equal(1, scoreboard.ReadRecord(0).Requests);
    }

    [Fact]
    public void Invoke_SuspendedThenResumedToTheEnd_IdleWhilePausedCountedOnce()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var core = scoreboard.Core(0, 0);
        var application = new ProbeApplication(() => core.Read()) { Pauses = 2 };
        using var loop = new IdleLoop();
        using var thread = Wrap(application, scoreboard).AttachThread(0, loop.Services);
        using var request = Request("POST", "/upload", "::1");

        Assert.Equal(ApplicationStep.Suspended, thread.Invoke(request, null!, out var continuation));
        Assert.False(core.Read().Busy);
        Assert.Equal(ApplicationStep.Suspended, continuation!.Resume(null!));
        Assert.True(application.SeenDuringCall!.Value.Busy);
        Assert.Equal(ApplicationStep.Completed, continuation.Resume(null!));

        Assert.False(core.Read().Busy);
        Assert.Equal(1, core.Read().Requests);
    }

    [Fact]
    public void Invoke_PendingThenResumedToTheEnd_IdleWhileWaitingCountedWhenComplete()
    {
        // A CGI script's response: the thread serves other requests while the script runs, so the core is idle
        // (harakiri does not count the script's time) and the request is finished only when its response completes.
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var core = scoreboard.Core(0, 0);
        var application = new ProbeApplication(() => core.Read()) { Pauses = 2, PauseStep = ApplicationStep.Pending };
        using var loop = new IdleLoop();
        using var thread = Wrap(application, scoreboard).AttachThread(0, loop.Services);
        using var request = Request("GET", "/cgi-bin/slow.sh", "127.0.0.1");

        Assert.Equal(ApplicationStep.Pending, thread.Invoke(request, null!, out var continuation));
        Assert.False(core.Read().Busy);
        Assert.Equal(0, core.Read().Requests);
        Assert.Equal(ApplicationStep.Pending, continuation!.Resume(null!));
        Assert.True(application.SeenDuringCall!.Value.Busy);
        Assert.Equal(0, core.Read().Requests);
        Assert.Equal(ApplicationStep.Completed, continuation.Resume(null!));

        Assert.False(core.Read().Busy);
        Assert.Equal(1, core.Read().Requests);
    }

    [Fact]
    public void Abort_PausedResponse_ReleasedAndCounted()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var application = new ProbeApplication(() => default) { Pauses = 5 };
        using var loop = new IdleLoop();
        using var thread = Wrap(application, scoreboard).AttachThread(0, loop.Services);
        using var request = Request("GET", "/stream", "127.0.0.1");

        thread.Invoke(request, null!, out var continuation);
        continuation!.Abort();

        Assert.True(application.Aborted);
        Assert.Equal(1, scoreboard.ReadRecord(0).Requests);
    }

    [Fact]
    public void Invoke_NotFoundApplicationOfACgiOnlyWorker_AnsweredAndCounted()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var core = scoreboard.Core(0, 0);
        using var loop = new IdleLoop();
        using var thread = Wrap(NotFoundApplication.Instance, scoreboard).AttachThread(0, loop.Services);
        using var request = Request("GET", "/missing", "127.0.0.1");
        var response = new StatusSink();

        var step = thread.Invoke(request, response, out var continuation);

        Assert.Equal(ApplicationStep.Completed, step);
        Assert.Null(continuation);
        Assert.Equal("404 Not Found", response.Status);
        Assert.False(core.Read().Busy);
        Assert.Equal(1, core.Read().Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StreamsRequestBody_TheWrappedHostDecides(bool hostStreams)
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var application = new ProbeApplication(() => default) { StreamsBodies = hostStreams };
        using var loop = new IdleLoop();
        using var thread = Wrap(application, scoreboard).AttachThread(0, loop.Services);
        using var request = Request("POST", "/upload", "127.0.0.1");

        Assert.Equal(hostStreams, thread.StreamsRequestBody(request));
        Assert.Equal(0, scoreboard.ReadRecord(0).Requests);
    }

    private static ScoreboardApplication Wrap(IApplication application, WorkerScoreboard scoreboard) =>
        new(application, scoreboard, 0, new WorkerRecycler(scoreboard, 0, 0, 0, TimeSpan.Zero, new FakeTimeProvider(), new CapturingLogger()));

    private static RequestContext Request(string method, string uri, string peer)
    {
        var request = new RequestContext(1024, Path.GetTempPath());
        request.Variables.Add("REQUEST_METHOD"u8, System.Text.Encoding.ASCII.GetBytes(method));
        request.Variables.Add("REQUEST_URI"u8, System.Text.Encoding.ASCII.GetBytes(uri));
        request.Variables.Add("REMOTE_ADDR"u8, System.Text.Encoding.ASCII.GetBytes(peer));
        return request;
    }

    /// <summary>A sink that keeps the status and takes everything else.</summary>
    private sealed class StatusSink : IResponseSink
    {
        public string? Status { get; private set; }

        public bool HeadersCommitted => false;

        public bool ClientGone => false;

        public void SetStatus(ReadOnlySpan<byte> status) => Status = System.Text.Encoding.ASCII.GetString(status);

        public void AddHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
        }

        public bool Write(ReadOnlySpan<byte> data) => true;

        public bool Flush() => true;

        public bool WriteFile(int fileDescriptor, long offset, long count) => true;

        public void Continue()
        {
        }

        public bool Drain() => true;
    }

    /// <summary>A C# application that records what the scoreboard showed while it ran, and pauses a given number of times.</summary>
    private sealed class ProbeApplication(Func<CoreSnapshot> observe) : IApplication, IApplicationThread, IResponseContinuation
    {
        private int _pausesLeft;

        public int Pauses { init => _pausesLeft = value; }

        public bool StreamsBodies { get; init; }

        /// <summary>Pause as a host waiting on something else (a CGI script) instead of on the client.</summary>
        public ApplicationStep PauseStep { get; init; } = ApplicationStep.Suspended;

        public CoreSnapshot? SeenDuringCall { get; private set; }

        public bool Aborted { get; private set; }

        public IApplicationThread AttachThread(int threadIndex, ILoopServices loop) => this;

        public bool StreamsRequestBody(RequestContext request) => StreamsBodies;

        public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation)
        {
            SeenDuringCall = observe();
            continuation = _pausesLeft > 0 ? this : null;
            return Step();
        }

        public ApplicationStep Resume(IResponseSink response)
        {
            SeenDuringCall = observe();
            return Step();
        }

        public void Abort() => Aborted = true;

        public void EnterWait()
        {
        }

        public void LeaveWait()
        {
        }

        public void Dispose()
        {
        }

        private ApplicationStep Step() => _pausesLeft-- > 0 ? PauseStep : ApplicationStep.Completed;
    }
}
