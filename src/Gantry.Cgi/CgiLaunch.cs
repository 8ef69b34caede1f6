using Gantry.Application;

namespace Gantry.Cgi;

/// <summary>
/// A request waiting for a launch slot (<see cref="CgiThread"/>'s pacing). Once granted one it asks the connection
/// to resume it and spawns the script inside that <see cref="Resume"/>; from then on it forwards to the exchange.
/// </summary>
internal sealed class CgiLaunch(CgiThread thread, RequestContext request, IResponseSink sink, CgiScript script, int depth) : IResponseContinuation
{
    private bool _granted;
    private bool _started;
    private IResponseContinuation? _exchange;

    /// <summary>The client left before the script started: its queue entry is skipped.</summary>
    public bool IsAbandoned { get; private set; }

    /// <summary>A slot is held for this request now: the connection resumes it (and the script starts).</summary>
    public void SlotGranted()
    {
        _granted = true;
        sink.Continue();
    }

    /// <inheritdoc />
    public ApplicationStep Resume(IResponseSink response)
    {
        if (_started)
        {
            return _exchange!.Resume(response);
        }
        if (!_granted)
        {
            return ApplicationStep.Pending;
        }
        _started = true;
        return thread.Run(request, response, script, depth, slotTaken: true, out _exchange);
    }

    /// <inheritdoc />
    public void Abort()
    {
        if (_started)
        {
            _exchange?.Abort();
            return;
        }
        IsAbandoned = true;
        if (_granted)
        {
            thread.LaunchSettled();
        }
    }
}
