using Gantry.Application;
using Gantry.Server.Logging;

namespace Gantry.Kestrel;

/// <summary>The loop side: the host's steps, run only on the loop thread the request was posted to.</summary>
internal sealed partial class KestrelExchange
{
    private readonly StepWork _invokeWork;
    private readonly StepWork _resumeWork;
    private readonly StepWork _continueWork;
    private readonly StepWork _abortWork;
    private IResponseContinuation? _continuation;
    private ApplicationStep _lastStep;
    private bool _loopDone;
    private long _startTimestamp;

    /// <summary>Why a <see cref="StepWork"/> was posted.</summary>
    private enum StepKind
    {
        /// <summary>The request arrived whole: invoke the host.</summary>
        Invoke,

        /// <summary>Kestrel drained the output below the mark a suspended host waits for.</summary>
        Resume,

        /// <summary>A pending host called <see cref="IResponseSink.Continue"/>.</summary>
        Continue,

        /// <summary>The client left: abort what the host holds.</summary>
        Abort,

        /// <summary>The request has a body: ask the host whether it streams it (then invoke it at once).</summary>
        Decide,

        /// <summary>Kestrel handed over a buffer of a streamed body.</summary>
        Body,

        /// <summary>Kestrel handed over DATA of an HTTP/2 WebSocket.</summary>
        WebSocketData,

        /// <summary>The process stops gracefully: an open WebSocket closes with 1001.</summary>
        WebSocketShutdown,
    }

    /// <summary>Posts the request to its loop (Kestrel's side, once the body arrived).</summary>
    private void PostInvoke()
    {
        Volatile.Write(ref _posted, 1);
        Post(_invokeWork);
    }

    /// <summary>
    /// Posts a step to the request's loop. A posted step holds the exchange like an owner until it ran, so a step
    /// still queued when both sides finished never meets the exchange recycled for another request.
    /// </summary>
    private void Post(StepWork work)
    {
        Interlocked.Increment(ref _owners);
        _target.Loop.Post(work);
    }

    private void Run(StepKind kind)
    {
        if (kind == StepKind.Body)
        {
            // Always answered: Kestrel's side waits for it (told to stop once the loop side is done).
            TakeBody();
            return;
        }
        if (kind == StepKind.WebSocketData)
        {
            // Always answered, as a body buffer.
            TakeWebSocketData();
            return;
        }
        if (_loopDone)
        {
            return;
        }
        switch (kind)
        {
            case StepKind.Decide:
                Decide();
                break;
            case StepKind.Invoke:
                Invoke();
                break;
            case StepKind.Resume when _lastStep == ApplicationStep.Suspended && _continuation is not null:
            case StepKind.Continue when _lastStep == ApplicationStep.Pending && _continuation is not null:
                if (_clientGone)
                {
                    Abort();
                    break;
                }
                var continuation = _continuation;
                _continuation = null;
                ApplicationStep step;
                IResponseContinuation? next = null;
                try
                {
                    step = continuation.Resume(this);
                    next = step is ApplicationStep.Suspended or ApplicationStep.Pending ? continuation : null;
                }
                catch (Exception failure) when (failure is not OutOfMemoryException)
                {
                    _front.LogHostFailure(failure);
                    step = ApplicationStep.Failed;
                }
                After(step, next);
                break;
            case StepKind.Abort:
                Abort();
                break;
            case StepKind.WebSocketShutdown:
                ShutDownWebSocket();
                break;
        }
    }

    private void Invoke()
    {
        _startTimestamp = _front.Time.GetTimestamp();
        if (_clientGone)
        {
            Finish();
            return;
        }
        if (Request.WebSocket is not null && !StartWebSocket())
        {
            return;
        }
        ApplicationStep step;
        IResponseContinuation? continuation;
        try
        {
            step = _target.Application.Invoke(Request, this, out continuation);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            _front.LogHostFailure(failure);
            step = ApplicationStep.Failed;
            continuation = null;
        }
        After(step, continuation);
    }

    private void After(ApplicationStep step, IResponseContinuation? continuation)
    {
        _lastStep = step;
        switch (step)
        {
            case ApplicationStep.Completed:
                CompleteWebSocket();
                End(cut: false);
                break;
            case ApplicationStep.Failed when !_committed:
                SetStatus("500 Internal Server Error"u8);
                PlainTextResponse.Write(this, "500 Internal Server Error"u8);
                End(cut: false);
                break;
            case ApplicationStep.Failed:
                End(cut: true);
                break;
            case ApplicationStep.Suspended:
                _continuation = continuation;
                lock (_gate)
                {
                    // A host may suspend after a write that was taken (a file it handed over): resume once all left.
                    if (_resumeBelow < 0)
                    {
                        _resumeBelow = 0;
                    }
                    if (_queued <= _resumeBelow)
                    {
                        _resumeBelow = -1;
                        Post(_resumeWork);
                    }
                    SignalLocked();
                }
                break;
            case ApplicationStep.Pending:
                _continuation = continuation;
                lock (_gate)
                {
                    // What the host wrote before it started waiting goes out meanwhile.
                    SignalLocked();
                }
                break;
        }
    }

    /// <summary>The client left while the host held the response: release it (WSGI: the iterable's close()).</summary>
    private void Abort()
    {
        if (_continuation is { } continuation)
        {
            _continuation = null;
            continuation.Abort();
        }
        Finish();
    }

    /// <summary>The response is whole (or cut after its head left): tell Kestrel's side, then finish.</summary>
    private void End(bool cut)
    {
        Commit();
        lock (_gate)
        {
            _ended = true;
            _cut = cut;
            SignalLocked();
        }
        Finish();
    }

    /// <summary>The loop side is done: the request log, the scoreboard's count, then the loop side's ownership.</summary>
    private void Finish()
    {
        _loopDone = true;
        EndWebSocket();
        lock (_gate)
        {
            // Nothing on the loop waits for a drain any more.
            _resumeBelow = -1;
        }
        var status = _committed ? _statusCode : 0;
        // The head as uWSGI counts it (status line, the application's headers, blank line), as on the loop's fronts.
        var headBytes = RequestLog.HeadSize(_reason.Length == 0 ? 3 : 4 + _reason.Length, _headerBytes);
        _target.Log.Write(Request.Variables, status, _bodyBytes, _startTimestamp, _headers.Count, headBytes, _target.Index);
        if (_target.Application is IRequestObserver observer)
        {
            // HTTPS (h1 and h2) is its own front, as uWSGI names its sockets; h2c arrived on a plain HTTP socket.
            observer.OnRequestFinished(Request.IsHttps ? RequestFront.Https : RequestFront.Http, status, _bodyBytes + headBytes, _lastStep == ApplicationStep.Failed);
        }
        Release();
    }

    /// <summary>Posted loop work that runs one kind of step of this exchange.</summary>
    private sealed class StepWork(KestrelExchange exchange, StepKind kind) : ILoopWork
    {
        public void Run()
        {
            exchange.Run(kind);
            exchange.Release();
        }
    }
}
