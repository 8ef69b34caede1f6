using System.Buffers;
using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Posix.Sockets;

namespace Gantry.Php.FastCgi;

/// <summary>
/// Getting a connection: an idle kept-alive one of the thread's pool for the next address in turn, else a new one,
/// connected without blocking. A refused or timed-out connect tries the next address (nginx's fastcgi_next_upstream
/// error timeout); when every address failed the request is a 502 and each address that failed is marked down
/// (logged once per outage). A kept-alive connection that php-fpm closed before answering (a child that ended) is
/// replaced by a new one when nothing of the body was consumed yet.
/// </summary>
internal sealed partial class PhpFpmExchange
{
    private enum Phase
    {
        Connecting,
        Exchanging,
    }

    private Phase _phase;
    private PhpFpmPool? _pool;
    private int _fd = -1;
    private bool _reused;
    private IFdWatch? _watch;
    private LoopReadiness _interest;
    private int _attempts;
    private int _firstPool = -1;
    private bool _fresh;
    private long _freshSince;
    private StarvationWatch? _starving;
    private int _poolIndex;
    private bool _slot;
    private bool _queued;

    /// <summary>
    /// Starts on the next address that takes a connect (or queues for a slot of it, php-fpm-max-conns); false (with
    /// <see cref="_failure"/>) when none does.
    /// </summary>
    private bool Connect()
    {
        var pools = _thread.Pools;
        while (_attempts < pools.Length)
        {
            if (_firstPool < 0)
            {
                _firstPool = _thread.NextPool();
            }
            _poolIndex = (_firstPool + _attempts) % pools.Length;
            _pool = pools[_poolIndex];
            if (!_slot)
            {
                if (!_thread.TryReserve(_poolIndex, this))
                {
                    _queued = true;
                    return true;
                }
                _slot = true;
            }
            // A request without a body can always be sent again whole (TryAgainAfterStaleConnection): no probe needed.
            var idle = _pool.TakeIdle(probe: !IsBodyless);
            if (idle >= 0)
            {
                _fd = idle;
                _reused = true;
                BeginExchange();
                return true;
            }
            if (ConnectFresh())
            {
                return true;
            }
        }
        _failure = "no php-fpm address took the connection";
        return false;
    }

    /// <summary>Opens a new connection to <see cref="_pool"/> (the slot is held); false when the connect failed at once (the slot is given back).</summary>
    private bool ConnectFresh()
    {
        _attempts++;
        _reused = false;
        _fd = OutboundSocket.Start(_pool!.Upstream.Address, out var errno);
        if (_fd < 0)
        {
            _pool.Upstream.MarkDown($"connect() failed: {LibC.ErrorText(errno)}");
            ReleaseSlot(-1);
            return false;
        }
        _freshSince = Environment.TickCount64;
        _pool.FreshOpened(_freshSince);
        _fresh = true;
        _starving ??= new StarvationWatch(this);
        _starving.Start();
        if (errno == 0)
        {
            BeginExchange();
            return true;
        }
        _phase = Phase.Connecting;
        SetInterest(LoopReadiness.Writable);
        _timer.Restart(_thread.Site.ConnectTimeout);
        return true;
    }

    /// <summary>
    /// On the loop thread, after <see cref="PhpThread.Released"/>: the slot this exchange queued for is its own, with
    /// a kept connection (<paramref name="fd"/>) or the right to open one (-1). An exchange whose client left meanwhile
    /// passes it on.
    /// </summary>
    public void Granted(int fd)
    {
        if (!_queued || _released)
        {
            _thread.Released(_poolIndex, fd);
            return;
        }
        _queued = false;
        _slot = true;
        if (fd >= 0 && OutboundSocket.IsIdleAndOpen(fd))
        {
            _fd = fd;
            _reused = true;
            BeginExchange();
            return;
        }
        if (fd >= 0)
        {
            LibC.close(fd);
        }
        if (!ConnectFresh() && !Connect())
        {
            WakeConnection();
        }
    }

    /// <summary>True when the request has no body at all (a GET): it never consumes anything it could not send again.</summary>
    private bool IsBodyless => _request.Body.IsComplete && _request.Body.Length == 0;

    /// <summary>True while the exchange waits in its loop's queue for a connection slot.</summary>
    public bool IsQueued => _queued && !_released;

    /// <summary>Gives the slot back with the connection to pass on (a clean kept one) or -1 (closed). Once per slot.</summary>
    private void ReleaseSlot(int fd)
    {
        if (_slot)
        {
            _slot = false;
            _thread.Released(_poolIndex, fd);
        }
        else if (fd >= 0)
        {
            LibC.close(fd);
        }
    }

    private void OnConnectReady()
    {
        var error = OutboundSocket.TakeError(_fd);
        if (error != 0)
        {
            ConnectFailed($"connect() failed: {LibC.ErrorText(error)}");
            return;
        }
        BeginExchange();
    }

    /// <summary>A connect in progress failed or timed out: the next address, else the 502.</summary>
    private void ConnectFailed(string reason)
    {
        _timer.Cancel();
        _pool!.Upstream.MarkDown(reason);
        CloseSocket(reusable: false);
        if (!Connect())
        {
            WakeConnection();
        }
    }

    /// <summary>
    /// The kept-alive connection ended (or reset) before php-fpm answered anything: php-fpm had closed it while it was
    /// idle. Another connection is tried when the request can still be sent again whole (no body byte consumed).
    /// </summary>
    private bool TryAgainAfterStaleConnection()
    {
        if (!_reused || _received || _bodyTouched)
        {
            return false;
        }
        CloseSocket(reusable: false);
        _outStart = _outEnd = 0;
        _paramsSent = false;
        _stdinDone = false;
        _eof = false;
        _writeFailed = false;
        _attempts = 0;
        _firstPool = -1;
        if (!Connect())
        {
            WakeConnection();
        }
        return true;
    }

    /// <summary>Connected: the request head goes out now, and php-fpm's answer is read as it comes.</summary>
    private void BeginExchange()
    {
        _phase = Phase.Exchanging;
        _in ??= ArrayPool<byte>.Shared.Rent(InputBufferSize);
        _timer.Restart(_thread.Site.ReadTimeout);
        // Written at once: a connected socket takes the request head, so the watch (registered by Send's SetInterest
        // if none exists yet) usually starts, and stays, with Readable alone.
        Send();
    }

    /// <summary>A new connection got its first answer, or is given up: the pool stops closing connections for it.</summary>
    private void SettleFresh()
    {
        if (_fresh)
        {
            _fresh = false;
            _starving?.Stop();
            _pool!.FreshAnswered(_freshSince);
        }
    }

    /// <summary>What the socket's watch waits for; the watch is registered the first time something is waited for.</summary>
    private void SetInterest(LoopReadiness interest)
    {
        if (_watch is null)
        {
            if (interest != LoopReadiness.None && _fd >= 0)
            {
                _interest = interest;
                _watch = _thread.Loop.Watch(_fd, interest, this);
            }
            return;
        }
        if (interest != _interest)
        {
            _interest = interest;
            _watch.Change(interest);
        }
    }

    /// <summary>
    /// A new connection unanswered for <see cref="PhpFpmPool.StarvingAfterMilliseconds"/> is probably in php-fpm's
    /// listen queue while idle kept connections hold every child: those are closed then, so a child takes it (the
    /// connections that come back meanwhile are closed too, <see cref="PhpFpmPool.FreshWaiting"/>).
    /// </summary>
    private sealed class StarvationWatch(PhpFpmExchange exchange) : ITimerHandler
    {
        private ILoopTimer? _timer;

        public void Start()
        {
            var after = TimeSpan.FromMilliseconds(PhpFpmPool.StarvingAfterMilliseconds);
            if (_timer is null)
            {
                _timer = exchange._thread.Loop.StartTimer(after, this);
            }
            else
            {
                _timer.Restart(after);
            }
        }

        public void Stop() => _timer?.Cancel();

        public void OnTimer()
        {
            if (exchange._fresh && !exchange._released)
            {
                exchange._pool!.CloseIdle();
            }
        }
    }
}
