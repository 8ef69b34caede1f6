using System.Buffers;
using Gantry.Application;
using Gantry.Php.Site;
using Gantry.Posix.Native;
using Gantry.Protocols.Cgi;

namespace Gantry.Php.FastCgi;

/// <summary>
/// One request passed to php-fpm over FastCGI (the responder role, spec §6.2), on one loop thread, never blocking
/// it: a connection is taken from the thread's pool or connected without waiting (.Connect), BEGIN_REQUEST and
/// PARAMS are written, then the request body as STDIN records while it arrives (.Send); STDOUT is parsed as a CGI
/// response head (RFC 3875 §6: Status, Location, fields) and passed on as it comes, STDERR goes to the log, and
/// END_REQUEST completes the response (.Receive). The connection sees <see cref="ApplicationStep.Pending"/>
/// meanwhile and is resumed (<see cref="IResponseSink.Continue"/>) when php-fpm wrote. Timeouts are nginx's: the
/// connect timeout, then the read timeout between two reads from (or writes to) php-fpm, paused while the client
/// holds the response back; it ends the request with 504. The exchange owns the socket until it is handed back to
/// the pool (a clean end with FCGI_KEEP_CONN) or closed (anything else, a client that went away included: php-fpm
/// then finds a closed connection, as with nginx's default fastcgi_ignore_client_abort off).
/// </summary>
internal sealed unsafe partial class PhpFpmExchange : IResponseContinuation, IReadinessHandler, ITimerHandler
{
    /// <summary>php-fpm does not multiplex (FCGI_MPXS_CONNS 0): one request per connection at a time, always id 1.</summary>
    public const ushort RequestId = 1;

    private readonly PhpThread _thread;
    private readonly RequestContext _request;
    private readonly PhpResolution _script;
    private readonly ILoopTimer _timer;
    private IResponseSink _sink;
    private PendingStep _pending;
    private bool _released;
    private bool _timedOut;
    private bool _clientHolding;
    private string? _failure;

    public PhpFpmExchange(PhpThread thread, RequestContext request, IResponseSink sink, PhpResolution script)
    {
        _thread = thread;
        _request = request;
        _sink = sink;
        _script = script;
        _timer = thread.Loop.StartTimer(thread.Site.ConnectTimeout, this);
        _timer.Cancel();
    }

    /// <summary>The first step: connect (or reuse) and start writing. Pending, or the 502 when no php-fpm could be reached.</summary>
    public ApplicationStep Start()
    {
        if (!Connect())
        {
            return AnswerFailure();
        }
        return Wait();
    }

    /// <inheritdoc />
    public ApplicationStep Resume(IResponseSink response)
    {
        _sink = response;
        _pending.Resumed();
        _clientHolding = false;
        if (_released)
        {
            return ApplicationStep.Failed;
        }
        if (_failure is not null)
        {
            return AnswerFailure();
        }
        if (_timedOut)
        {
            return AnswerTimeout();
        }
        if (_phase == Phase.Exchanging && !_timer.IsActive)
        {
            _timer.Restart(_thread.Site.ReadTimeout);
        }
        return Process();
    }

    /// <summary>The socket is ready: finish a connect, write what waits, read what came.</summary>
    public void OnReady(LoopReadiness ready)
    {
        if (_released)
        {
            return;
        }
        if (_phase == Phase.Connecting)
        {
            OnConnectReady();
            return;
        }
        if ((ready & LoopReadiness.Writable) != 0)
        {
            Send();
        }
        if ((ready & LoopReadiness.Readable) != 0 && !_released)
        {
            Receive();
        }
    }

    /// <summary>The connect timeout, or the read timeout.</summary>
    public void OnTimer()
    {
        if (_phase == Phase.Connecting)
        {
            ConnectFailed($"connect() failed: {LibC.ErrorText(LibC.ETIMEDOUT)}");
            return;
        }
        if (_draining)
        {
            DrainTimedOut();
            return;
        }
        _timedOut = true;
        WakeConnection();
    }

    private ApplicationStep Wait() => _pending.Wait();

    /// <summary>Last thing a callback does: the connection may run <see cref="Resume"/> (and finish us) inside.</summary>
    private void WakeConnection()
    {
        if (_draining)
        {
            Drain();
        }
        else if (!_released)
        {
            _pending.Wake(_sink);
        }
    }

    /// <summary>php-fpm wrote or took bytes: its silence clock starts again, unless the client holds the response back.</summary>
    private void RestartTimeout()
    {
        if (!_clientHolding && !_timedOut && !_released && !_draining)
        {
            _timer.Restart(_thread.Site.ReadTimeout);
        }
    }

    private ApplicationStep AnswerTimeout()
    {
        var committed = _sink.HeadersCommitted;
        _thread.Site.Logger.TimedOut(_pool?.Upstream.Name ?? "?", _script.ScriptFileName, (int)_thread.Site.ReadTimeout.TotalSeconds,
            committed ? "the response is cut" : "answered 504");
        Release(reusable: false);
        return committed ? ApplicationStep.Failed : PlainTextResponse.Write(_sink, "504 Gateway Timeout"u8);
    }

    /// <summary>A failure before or during the exchange (<see cref="_failure"/> says why, already logged): 502, or a cut response.</summary>
    private ApplicationStep AnswerFailure()
    {
        Release(reusable: false);
        return _sink.HeadersCommitted ? ApplicationStep.Failed : PlainTextResponse.Write(_sink, "502 Bad Gateway"u8);
    }

    /// <summary>Gives everything back: the socket to the pool (<paramref name="reusable"/>) or closed, buffers, timer. Idempotent.</summary>
    private void Release(bool reusable)
    {
        if (_released)
        {
            return;
        }
        _released = true;
        _timer.Cancel();
        CloseSocket(reusable);
        if (_out is not null)
        {
            ArrayPool<byte>.Shared.Return(_out);
            _out = null;
        }
        if (_in is not null)
        {
            ArrayPool<byte>.Shared.Return(_in);
            _in = null;
        }
        if (_headBuffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_headBuffer);
            _headBuffer = null;
        }
    }

    private void CloseSocket(bool reusable)
    {
        SettleFresh();
        _watch?.Dispose();
        _watch = null;
        if (_fd < 0)
        {
            ReleaseSlot(-1);
            return;
        }
        var fd = _fd;
        _fd = -1;
        if (!reusable)
        {
            LibC.close(fd);
            fd = -1;
        }
        ReleaseSlot(fd);
    }

    private static bool IsHopByHop(ReadOnlySpan<byte> name) => CgiHopByHopFields.Contains(name);
}
