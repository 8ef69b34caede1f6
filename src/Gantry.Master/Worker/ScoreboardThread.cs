using Gantry.Application;
using Gantry.Master.Scoreboard;

namespace Gantry.Master.Worker;

/// <summary>
/// One loop thread's decorator: marks its scoreboard core busy while the application runs (Invoke, and each
/// Resume of a paused response) and idle while it waits, so harakiri measures time spent in the application,
/// not time spent waiting for a slow client (that is socket-timeout's job) or for what a pending host waits on (a CGI
/// script's output: cgi-timeout's job, and other requests run on the thread meanwhile). A request counts as finished when
/// its response completes, fails or is aborted. No allocation unless a response pauses. As the fronts' request observer
/// it also counts responses by front and status class and the bytes sent (the stats document's tx, the metrics).
/// </summary>
internal sealed class ScoreboardThread : IApplicationThread, IRequestObserver
{
    private readonly IApplicationThread _inner;
    private readonly ScoreboardCore _core;
    private readonly WorkerRecycler _recycler;

    public ScoreboardThread(IApplicationThread inner, ScoreboardCore core, WorkerRecycler recycler)
    {
        _inner = inner;
        _core = core;
        _recycler = recycler;
    }

    public bool StreamsRequestBody(RequestContext request) => _inner.StreamsRequestBody(request);

    /// <inheritdoc />
    public bool AcceptsWebSocket(RequestContext request) => _inner.AcceptsWebSocket(request);

    public ApplicationStep Invoke(RequestContext request, IResponseSink response, out IResponseContinuation? continuation)
    {
        var variables = request.Variables;
        variables.TryGetValue("REMOTE_ADDR"u8, out var peer);
        variables.TryGetValue("REQUEST_METHOD"u8, out var method);
        variables.TryGetValue("REQUEST_URI"u8, out var uri);
        _core.Begin(EpochMicros.Now(), peer, method, uri);
        var step = _inner.Invoke(request, response, out var inner);
        if (step is ApplicationStep.Suspended or ApplicationStep.Pending && inner is not null)
        {
            _core.Pause();
            continuation = new ScoreboardContinuation(this, inner);
            return step;
        }
        continuation = inner;
        Finish();
        return step;
    }

    /// <inheritdoc />
    public void OnRequestFinished(RequestFront front, int statusCode, long bytesSent, bool applicationFailed) =>
        _core.CountResponse((int)front, statusCode, bytesSent, applicationFailed);

    public void EnterWait() => _inner.EnterWait();

    public void LeaveWait() => _inner.LeaveWait();

    public void Dispose() => _inner.Dispose();

    /// <summary>A paused response of this thread is running again.</summary>
    internal void Resumed() => _core.Resume(EpochMicros.Now());

    /// <summary>A paused response paused again.</summary>
    internal void Paused() => _core.Pause();

    /// <summary>A response completed, failed or was aborted.</summary>
    internal void Finish()
    {
        _core.Finish(EpochMicros.Now());
        _recycler.OnRequestFinished();
    }
}
