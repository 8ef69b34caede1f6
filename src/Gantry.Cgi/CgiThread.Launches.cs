using Gantry.Application;

namespace Gantry.Cgi;

/// <summary>
/// Launch pacing: at most <see cref="_launchLimit"/> scripts of this thread launching at once (twice the cores this
/// process may run on). Starting an interpreter is the costly part of most CGI requests (about 25 ms of CPU for
/// python3), and 32 of them started together on one core thrash its caches: measured here, 32 concurrent Python
/// hellos served 12–20 % fewer requests per second than one at a time. A script stops launching once it wrote
/// output, ended, or, checked every <see cref="LaunchWindow"/>, is not running on a CPU (it sleeps or waits on
/// something), so scripts that wait still run side by side (ten one-second sleepers end in about one second). A
/// request over the limit waits in a queue (its connection sees Pending) and is started, in arrival order, from
/// posted loop work when a slot frees, never from inside another script's callback.
/// </summary>
internal sealed partial class CgiThread : ILoopWork
{
    /// <summary>How long a new script counts as launching at most.</summary>
    public static readonly TimeSpan LaunchWindow = TimeSpan.FromMilliseconds(50);

    private readonly int _launchLimit = Math.Max(2, 2 * Environment.ProcessorCount);
    private readonly Queue<CgiLaunch> _waiting = new();
    private int _launching;
    private bool _drainPosted;

    /// <summary>Scripts queued for a launch slot.</summary>
    public int WaitingCount => _waiting.Count;

    private ApplicationStep Launch(RequestContext request, IResponseSink response, CgiScript script, int depth, out IResponseContinuation? continuation)
    {
        if (_launching < _launchLimit && _waiting.Count == 0)
        {
            return Run(request, response, script, depth, slotTaken: false, out continuation);
        }
        var launch = new CgiLaunch(this, request, response, script, depth);
        _waiting.Enqueue(launch);
        continuation = launch;
        return ApplicationStep.Pending;
    }

    /// <summary>A launching script wrote output, ended, was released or left the window: its slot frees.</summary>
    internal void LaunchSettled()
    {
        _launching--;
        if (_waiting.Count > 0 && !_drainPosted)
        {
            _drainPosted = true;
            Loop.Post(this);
        }
    }

    /// <summary>Posted work: hands free slots to the queued launches, oldest first.</summary>
    void ILoopWork.Run()
    {
        _drainPosted = false;
        while (_launching < _launchLimit && _waiting.TryDequeue(out var launch))
        {
            if (launch.IsAbandoned)
            {
                continue;
            }
            _launching++;
            launch.SlotGranted();
        }
    }
}
