using System.Buffers;
using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Protocols.Cgi;
using Microsoft.Extensions.Logging;

namespace Gantry.Cgi;

/// <summary>
/// One request served by one script, on one loop thread, without ever blocking it: the request body goes to the
/// script's stdin and its stdout is read as the loop reports them ready, the head is parsed as it arrives
/// (RFC 3875 §6) and the body passed on as it comes. The connection sees <see cref="ApplicationStep.Pending"/> while
/// the script works and is resumed (<see cref="IResponseSink.Continue"/>) when output arrived, the script ended or
/// the cgi-timeout struck. The timeout is uWSGI's: each read or write may wait that long (it is paused while the
/// client, not the script, holds things up). The exchange owns the stdin and stdout ends and its timer; the pidfd and
/// stderr belong to <see cref="CgiChildren"/>.
/// </summary>
internal sealed unsafe partial class CgiExchange : IResponseContinuation, IReadinessHandler, ITimerHandler
{
    private readonly CgiThread _thread;
    private readonly RequestContext _request;
    private readonly CgiScript _script;
    private readonly CgiProcess _process;
    private readonly CgiResponseHead _head = new();
    private readonly byte[] _buffer;
    private readonly ILoopTimer _timer;
    private readonly IFdWatch _stdoutWatch;
    private IFdWatch? _stdinWatch;
    private IResponseSink _sink;
    private int _filled;
    private bool _stdoutEnded;
    private bool _stdoutPaused;
    private bool _stdinOpen = true;
    private bool _headDone;
    private PendingStep _pending;
    private bool _timedOut;
    private bool _released;
    private bool _clientHolding;
    private bool _launchSettled;
    private bool _awaitingEnd;
    private bool _endWaitOver;
    private readonly ILoopTimer _launchTimer;
    private readonly int _depth;

    /// <param name="depth">How many local redirects led to this request (0 for a client's own).</param>
    public CgiExchange(CgiThread thread, RequestContext request, IResponseSink sink, CgiScript script, CgiProcess process, int depth)
    {
        _thread = thread;
        _depth = depth;
        _request = request;
        _sink = sink;
        _script = script;
        _process = process;
        _buffer = ArrayPool<byte>.Shared.Rent(thread.Options.BufferSize);
        _timer = thread.Loop.StartTimer(thread.Timeout, this);
        _launchTimer = thread.Loop.StartTimer(CgiThread.LaunchWindow, new LaunchWindowEnd(this));
        _stdoutWatch = thread.Loop.Watch(process.Stdout, LoopReadiness.Readable, this);
        if (request.Body.Remaining > 0 || !request.Body.IsComplete)
        {
            _stdinWatch = thread.Loop.Watch(process.Stdin, LoopReadiness.Writable, new StdinReadiness(this));
        }
        else if (thread.Options.CloseStdinOnEof)
        {
            CloseStdin();
        }
    }

    private int HeadLimit => _thread.Options.BufferSize;

    /// <summary>The first step, right after the spawn: nothing to say yet.</summary>
    public ApplicationStep Start() => Wait();

    /// <inheritdoc />
    public ApplicationStep Resume(IResponseSink response)
    {
        if (_next is not null)
        {
            return _next.Resume(response);
        }
        _sink = response;
        _pending.Resumed();
        _clientHolding = false;
        if (_timedOut)
        {
            return AnswerTimeout();
        }
        if (!_timer.IsActive && !_stdoutEnded)
        {
            _timer.Restart(_thread.Timeout);
        }
        if (!_headDone && !TryCommitHead(out var failed))
        {
            return failed ?? Wait();
        }
        return PassBody();
    }

    /// <inheritdoc />
    public void Abort()
    {
        _next?.Abort();
        if (_released)
        {
            return;
        }
        _thread.Logger.ClientGone(_script.Command, KillUnlessTold());
        Release();
    }

    /// <summary>stdout is readable (or ended): read what fits, then let the connection resume us.</summary>
    public void OnReady(LoopReadiness ready)
    {
        var progressed = false;
        while (_filled < _buffer.Length && !_stdoutEnded)
        {
            nint read;
            fixed (byte* free = &_buffer[_filled])
            {
                read = LibC.read(_process.Stdout, free, _buffer.Length - _filled);
            }
            if (read > 0)
            {
                _filled += (int)read;
                progressed = true;
                continue;
            }
            if (read < 0 && LibC.Errno == LibC.EINTR)
            {
                continue;
            }
            if (read < 0 && LibC.Errno == LibC.EAGAIN)
            {
                break;
            }
            if (read < 0)
            {
                _thread.Logger.ReadFailed(_script.Command, LibC.ErrorText(LibC.Errno));
            }
            _stdoutEnded = true;
            progressed = true;
            _stdoutWatch.Change(LoopReadiness.None);
            _timer.Cancel();
        }
        if (_filled == _buffer.Length && !_stdoutEnded)
        {
            _stdoutPaused = true;
            _stdoutWatch.Change(LoopReadiness.None);
        }
        if (progressed)
        {
            SettleLaunch();
            RestartTimeout();
            WakeConnection();
        }
    }

    /// <summary>How long a script that closed its stdout is given to end before its response completes anyway.</summary>
    private static readonly TimeSpan EndWait = TimeSpan.FromSeconds(1);

    /// <summary>cgi-timeout: the script neither wrote nor read for that long; or, after its stdout closed, the end wait passed.</summary>
    public void OnTimer()
    {
        if (_awaitingEnd)
        {
            _endWaitOver = true;
        }
        else
        {
            _timedOut = true;
        }
        WakeConnection();
    }

    /// <summary>
    /// The script read or wrote: its inactivity clock starts again, unless its output is complete or the client holds
    /// the response back (then the clock waits for the client, and <see cref="Resume"/> starts it again).
    /// </summary>
    private void RestartTimeout()
    {
        if (!_clientHolding && !_stdoutEnded && !_timedOut && !_released)
        {
            _timer.Restart(_thread.Timeout);
        }
    }

    private ApplicationStep Wait() => _pending.Wait();

    /// <summary>Last thing a callback does: the connection may run <see cref="Resume"/> (and finish us) inside.</summary>
    private void WakeConnection()
    {
        if (!_released)
        {
            _pending.Wake(_sink);
        }
    }

    private ApplicationStep AnswerTimeout()
    {
        var seconds = (int)_thread.Timeout.TotalSeconds;
        var action = KillUnlessTold();
        _thread.Logger.TimedOut(_script.Command, seconds, _sink.HeadersCommitted ? action + "; the response is cut" : action + "; answered 504");
        Release();
        if (_sink.HeadersCommitted)
        {
            return ApplicationStep.Failed;
        }
        return CgiErrorResponse.Write(_sink, CgiErrorResponse.GatewayTimeout);
    }

    private string KillUnlessTold()
    {
        if (_thread.Options.DoNotKillOnError)
        {
            return "left running (cgi-do-not-kill-on-error)";
        }
        _process.KillGroup();
        return "killed with its process group";
    }

    /// <summary>Gives back everything but the child itself, which <see cref="CgiChildren"/> reaps. Idempotent.</summary>
    private void Release()
    {
        if (_released)
        {
            return;
        }
        _released = true;
        SettleLaunch();
        _timer.Cancel();
        _stdoutWatch.Dispose();
        LibC.close(_process.Stdout);
        CloseStdin();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    private void CloseStdin()
    {
        _stdinWatch?.Dispose();
        _stdinWatch = null;
        if (_stdinOpen)
        {
            _stdinOpen = false;
            LibC.close(_process.Stdin);
        }
    }

    /// <summary>The script is past its launch (<see cref="CgiThread"/>'s pacing): its slot goes to the next. Once.</summary>
    private void SettleLaunch()
    {
        if (_launchSettled)
        {
            return;
        }
        _launchSettled = true;
        _launchTimer.Cancel();
        _thread.LaunchSettled();
    }

    /// <summary>
    /// The launch window passed: a script still running on a CPU (starting an interpreter, or computing) keeps its slot
    /// for another window; one that sleeps or waits (on a timer, a database, its stdin) lets the next script start.
    /// </summary>
    private sealed class LaunchWindowEnd(CgiExchange exchange) : ITimerHandler
    {
        public void OnTimer()
        {
            if (!exchange._launchSettled && !exchange._released && CgiProcessState.IsRunning(exchange._process.Pid))
            {
                exchange._launchTimer.Restart(CgiThread.LaunchWindow);
                return;
            }
            exchange.SettleLaunch();
        }
    }

    private sealed class StdinReadiness(CgiExchange exchange) : IReadinessHandler
    {
        public void OnReady(LoopReadiness ready) => exchange.WriteBody();
    }
}
