using Gantry.Server.Logging;

namespace Gantry.Server.Connections;

/// <summary>
/// Deadlines for a request on its way in (issue 15 §5), beyond socket-timeout's "no byte for N seconds": a whole head
/// must arrive within request-head-timeout however it trickles (nginx's client_header_timeout, Kestrel's
/// RequestHeadersTimeout), and a body must average min-body-rate bytes per second after a grace period (Kestrel's
/// MinRequestBodyDataRate). Sampled on the loop's 1 s tick, so a request costs nothing for them: a phase (head or body
/// of one request) counts from the first tick that saw it, and a deadline is met within a second of its due time.
/// </summary>
internal abstract partial class Connection
{
    /// <summary>Seconds a body is given before its average rate is judged (Kestrel's grace period).</summary>
    public const int BodyRateGraceSeconds = 5;

    private RequestPhase _phase;
    private int _phaseRequest;
    private long _phaseSince;
    private long _phaseBodyStart;

    // Requests finished on this connection: tells the same phase of the next request from the one the tick saw.
    private int _requestsFinished;

    /// <summary>What a request on its way in is at (for its deadlines).</summary>
    protected enum RequestPhase
    {
        /// <summary>No request is arriving (idle, or being answered).</summary>
        None,

        /// <summary>The start of a request has arrived but not all of it (HTTP head, uwsgi packet, FastCGI PARAMS).</summary>
        Head,

        /// <summary>The body is being received before the application runs.</summary>
        Body,
    }

    /// <summary>Which phase the request on its way in is at; a front whose body arrives in another state says so.</summary>
    protected virtual RequestPhase ArrivingPhase => State switch
    {
        ConnectionState.ReadingRequest when HasPartialRequest => RequestPhase.Head,
        ConnectionState.ReadingBody => RequestPhase.Body,
        _ => RequestPhase.None,
    };

    /// <summary>
    /// The client missed a deadline while sending its request. The default closes the connection (a gateway has no
    /// way to answer before the request is complete); HTTP answers 408 first.
    /// </summary>
    protected virtual void OnRequestTimedOut() => Close();

    /// <summary>True when the request missed a deadline and the connection was answered or closed.</summary>
    private bool RequestDeadlineMissed(long now)
    {
        var phase = ArrivingPhase;
        if (phase != _phase || _phaseRequest != _requestsFinished)
        {
            _phase = phase;
            _phaseRequest = _requestsFinished;
            _phaseSince = now;
            _phaseBodyStart = Request.Body.Length;
            return false;
        }
        if (phase == RequestPhase.None)
        {
            return false;
        }
        var options = Services.Options;
        var elapsed = Services.Loop.Time.GetElapsedTime(_phaseSince, now).TotalSeconds;
        if (phase == RequestPhase.Head)
        {
            if (elapsed < options.RequestHeadTimeoutSeconds)
            {
                return false;
            }
            Services.Logger.RequestHeadTimedOut(Listener.DisplayAddress, options.RequestHeadTimeoutSeconds);
        }
        else
        {
            var received = Request.Body.Length - _phaseBodyStart;
            if (options.MinBodyRate <= 0 || elapsed < BodyRateGraceSeconds || received >= options.MinBodyRate * elapsed)
            {
                return false;
            }
            Services.Logger.RequestBodyTooSlow(Listener.DisplayAddress, received, (int)elapsed, options.MinBodyRate);
        }
        _phase = RequestPhase.None;
        OnRequestTimedOut();
        Pump();
        return true;
    }
}
