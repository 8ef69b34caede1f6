using Gantry.Application;

namespace Gantry.Server.Connections;

/// <summary>
/// A request body that streams to its host (<see cref="IApplicationThread.StreamsRequestBody"/>): the front invokes the
/// host right after the head (<see cref="InvokeWhileBodyArrives"/>) and, while the response is in progress, the pump
/// keeps receiving: the front's <see cref="ProcessInput"/> appends body bytes to the <see cref="RequestBody"/> (which
/// spools past its memory limit, so a slow host never makes the connection hold more than its input buffer), and the
/// host's listener hears of each batch. Bytes after the body stay in the input buffer until the response completed.
/// A client that stops sending mid-body, goes quiet for --socket-timeout, or sends more than --limit-post ends the
/// paused response (its continuation aborted). A response that ends before its body does leaves the rest to the
/// front (<see cref="DropRestOfBody"/>), or lingers when the connection closes.
/// </summary>
internal abstract partial class Connection
{
    // The host was invoked before its request's body ended; its bytes are still being received.
    private bool _bodyArriving;

    // The host's body listener is running: a Continue it calls is picked up by the pump that called it.
    private bool _inBodyListener;

    /// <summary>True while the request body is still being received for a host already producing its response.</summary>
    protected bool BodyArriving => _bodyArriving;

    /// <summary>Invokes the host for the request in <see cref="Request"/> before its body is complete.</summary>
    protected void InvokeWhileBodyArrives()
    {
        Request.Body.MarkIncomplete();
        _bodyArriving = true;
        InvokeApplication();
    }

    /// <summary>The front received the streamed body's last byte; the pump tells the host's listener.</summary>
    protected void EndBodyArrival()
    {
        Request.Body.MarkComplete();
        _bodyArriving = false;
    }

    /// <summary>
    /// The streamed body cannot be taken (over --limit-post, broken framing) while the host's response is paused: the
    /// host's continuation is aborted and the request logged with <paramref name="statusCode"/>. True when nothing of
    /// the response was committed: the front then answers <paramref name="statusCode"/> its way and ends the request
    /// as it would a refusal before the application. False when the head already left: the response was cut (as a
    /// failed one is) and the connection closes.
    /// </summary>
    protected bool AbortStreamedResponse(int statusCode)
    {
        _bodyArriving = false;
        if (_continuation is { } continuation)
        {
            _continuation = null;
            continuation.Abort();
        }
        _hostPending = false;
        _resumeWhenFlushed = false;
        _statusCode = statusCode;
        var committed = _committed;
        if (committed)
        {
            _file = default;
            EndCutResponse();
            State = ConnectionState.Closing;
        }
        else
        {
            _stagedBody.ResetWrittenCount();
        }
        LogRequest();
        Request.Reset();
        return !committed;
    }

    /// <summary>
    /// The response completed while its body was still arriving (the host answered without reading all of it). The
    /// front reads and drops the rest before the next request; the default is nothing (FastCGI: the reader skips the
    /// STDIN of a finished request, §3.3).
    /// </summary>
    protected virtual void DropRestOfBody()
    {
    }

    /// <summary>Called where a response ends (completed or failed), after the next state was chosen.</summary>
    private void EndResponseBeforeBody()
    {
        _bodyArriving = false;
        if (State != ConnectionState.Closing)
        {
            DropRestOfBody();
        }
        else if (!_resetOnClose)
        {
            // The peer may still be sending the body: closing now could reset the response away (RFC 9112 §9.6).
            _lingerOnClose = true;
        }
    }

    /// <summary>
    /// Receives body bytes while the response is paused: what is buffered goes through the front, then one receive.
    /// The host's listener is told once per batch, and the pump comes back (resuming the host first if it continued).
    /// False when nothing more can happen now.
    /// </summary>
    private bool ReceiveArrivingBody()
    {
        if (_file.Active && ReadsWhileSuspended)
        {
            // The front may answer records between its frames (FastCGI): not while a file segment is being sent.
            return false;
        }
        var body = Request.Body;
        var received = body.Length;
        while (_fd >= 0 && _bodyArriving && ProcessInput())
        {
        }
        if (_fd < 0)
        {
            return false;
        }
        if (State != ConnectionState.Responding)
        {
            // The front ended the request (a refusal, an abort): the pump goes on from the new state.
            return true;
        }
        if (_upgraded && TakeArrivalSignal())
        {
            _inBodyListener = true;
            try
            {
                NotifyArrival();
            }
            finally
            {
                _inBodyListener = false;
            }
            return true;
        }
        if (_upgraded && !FlushOutput())
        {
            // What the host sent for the messages of this wake-up, and what the front answered on its own (a pong, a
            // close), leave now, together: one send for the batch rather than one per message.
            return false;
        }
        if (!_upgraded && (body.Length != received || !_bodyArriving))
        {
            _inBodyListener = true;
            try
            {
                body.NotifyListener();
            }
            finally
            {
                _inBodyListener = false;
            }
            return true;
        }
        if (InputClosed)
        {
            // The client stopped sending before the body's end: it is gone, and so is its response.
            _clientGone = true;
            Close();
            return false;
        }
        if (!_readable)
        {
            // Nothing more to read until the next readable event (an upgraded connection after its 101, or after a batch).
            ReleaseIdleBuffers();
            return false;
        }
        return Receive();
    }

    /// <summary>True when a streamed body went quiet for --socket-timeout (the time a body may take between reads, as before the host ran).</summary>
    private bool BodyArrivalTimedOut(long now) =>
        _bodyArriving && !_upgraded && Services.Loop.Time.GetElapsedTime(_lastActivity, now).TotalSeconds >= Services.Options.SocketTimeoutSeconds;
}
