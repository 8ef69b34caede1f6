using Gantry.Application;

namespace Gantry.Server.Connections;

/// <summary>
/// A paused response: <see cref="ApplicationStep.Suspended"/> (the output is above its mark, or a flushed block has
/// not left) resumes once the output drained; <see cref="ApplicationStep.Pending"/> (the host waits on its own
/// descriptor, timer, thread or request body) resumes when the host calls <see cref="Continue"/>. The connection holds
/// the continuation until it resumes to the end or is aborted.
/// </summary>
internal abstract partial class Connection
{
    // A producer paused by Flush resumes only once all output left (PEP 3333: the block is transmitted before the
    // next one is produced); one paused by Write's high-water mark resumes below half the mark.
    private bool _resumeWhenFlushed;

    // The host returned Pending (it waits on its own descriptor, timer or thread): only its Continue resumes it.
    private bool _hostPending;

    // Continue was called while the host was still inside the step that will return Pending.
    private bool _continueRequested;

    /// <inheritdoc />
    public void Continue()
    {
        if (_inApplication)
        {
            _continueRequested = true;
            return;
        }
        if (!_hostPending || _fd < 0)
        {
            return;
        }
        _hostPending = false;
        if (_inBodyListener)
        {
            // The pump that told the host of its body resumes it once the listener returned.
            return;
        }
        Pump();
    }

    /// <summary>Continues a paused response once the output drained; false when it must keep waiting.</summary>
    private bool ResumeResponse()
    {
        if (!FlushOutput() || !FlushFile() || _hostPending)
        {
            return false;
        }
        var resumeBelow = _resumeWhenFlushed ? 1 : Services.Options.HighWaterMark / 2;
        if (_continuation is not { } continuation || _file.Active || Output.Pending >= resumeBelow)
        {
            return false;
        }
        _continuation = null;
        _resumeWhenFlushed = false;
        _inApplication = true;
        ApplicationStep step;
        try
        {
            step = continuation.Resume(this);
        }
        finally
        {
            _inApplication = false;
        }
        OnApplicationStep(step, continuation);
        return true;
    }

    /// <summary>
    /// The peer abandoned the response being produced (FastCGI ABORT_REQUEST): a paused producer is aborted
    /// (WSGI: the iterable's close()) and the request is logged. The front writes what its protocol wants after it.
    /// </summary>
    protected void AbortResponse()
    {
        if (_continuation is { } continuation)
        {
            _continuation = null;
            continuation.Abort();
        }
        _file = default;
        _bodyArriving = false;
        LogRequest();
        Request.Reset();
    }
}
