using System.Buffers;
using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Server.Listeners;
using Gantry.Server.Logging;
using Gantry.Server.Loop;

namespace Gantry.Server.Connections;

/// <summary>
/// One accepted socket driven by its loop, whatever protocol it speaks: receiving, sending, sendfile, the blocking
/// drain, backpressure with suspension and resumption, timeouts, closing, and the <see cref="IResponseSink"/>
/// bookkeeping. A front (HTTP, uwsgi, FastCGI) derives from it and supplies only its protocol: how input becomes a
/// request (<see cref="ProcessInput"/>) and how a response is framed (<see cref="WriteHead"/>, <see cref="FrameBody"/>…).
/// Epoll is edge-triggered: the connection remembers readiness and reads/writes until the kernel says EAGAIN.
/// Owns its socket, its buffers and its RequestContext; a suspended response's continuation is owned here until it
/// completes or is aborted. Phases live in partial files: .Input, .Response, .Paused, .ArrivingBody (a request body
/// streamed to a host that runs), .Upgraded (a switched protocol: WebSocket), .Shutdown, .Files, .Cut.
/// </summary>
internal abstract unsafe partial class Connection : IEventHandler, IResponseSink, ILoopBatchFlush, IDisposable
{
    private const int InitialInputSize = 8192;

    // During a graceful stop, a keep-alive connection that was active this recently is kept until its next request
    // (answered with "Connection: close") or until it stays quiet this long.
    private const int ShutdownQuietSeconds = 1;

    private readonly ConnectionPool _pool;
    private int _fd = -1;
    private long _token;
    private bool _registered;
    private bool _readable;
    private bool _writable;
    private bool _clientGone;
    private bool _peerHungUp;
    private bool _lingerOnClose;
    private bool _resetOnClose;
    private long _lastActivity;
    private long _lingerStart;
    private long _sendBlockedSince;
    private IResponseContinuation? _continuation;

    // A just-accepted socket whose first bytes have not arrived yet. A graceful stop must not close it: unlike an
    // idle keep-alive connection, the client cannot know it may retry, so a reload would lose its request.
    private bool _awaitingFirstBytes;

    // A graceful stop found this keep-alive connection between two requests of a client that is still sending: it is
    // kept for that next request instead of being closed under the client (see OnShutdown).
    private bool _drainingIdle;

    // A finished response kept back until the loop's batch of events was dispatched (ILoopBatchFlush).
    private bool _flushKeptBack;

    protected Connection(ConnectionServices services, ConnectionPool pool)
    {
        Services = services;
        _pool = pool;
        Request = new RequestContext(services.Options.BodyMemoryLimit, services.Options.TemporaryDirectory);
    }

    /// <summary>What every connection of this loop shares.</summary>
    protected ConnectionServices Services { get; }

    /// <summary>The request being received or answered; reused for the next one.</summary>
    protected RequestContext Request { get; }

    /// <summary>The client (or gateway) address, formatted once per connection.</summary>
    protected PeerAddress Peer { get; } = new();

    /// <summary>Bytes waiting to be sent.</summary>
    protected OutputBuffer Output { get; } = new();

    /// <summary>The listener that accepted this socket.</summary>
    protected Listener Listener { get; private set; } = null!;

    /// <summary>The protocol of <see cref="Listener"/>, as the request observer labels it.</summary>
    private RequestFront Front => Listener.Address.Protocol switch
    {
        ListenerProtocol.Uwsgi => RequestFront.Uwsgi,
        ListenerProtocol.FastCgi => RequestFront.FastCgi,
        _ => RequestFront.Http,
    };

    /// <summary>Where the connection is in its request/response cycle.</summary>
    protected ConnectionState State { get; set; }

    /// <summary>True once the peer closed its sending side (recv returned 0).</summary>
    protected bool InputClosed { get; private set; }

    /// <summary>The connection closes once the current response is complete (set by the front's framing).</summary>
    protected bool CloseAfterResponse { get; set; }

    /// <summary>True while the socket is open.</summary>
    protected bool IsOpen => _fd >= 0;

    /// <inheritdoc />
    public bool IsBusy => _fd >= 0 && (State != ConnectionState.ReadingRequest || HasPartialRequest || _awaitingFirstBytes || _drainingIdle);

    /// <summary>True when part of a request has arrived: a graceful stop waits for it, the idle timeout does not apply.</summary>
    protected virtual bool HasPartialRequest => InputBuffered > 0;

    /// <summary>Seconds a connection may wait for the start of a request (keep-alive idle time).</summary>
    protected virtual int IdleTimeoutSeconds => Services.Options.KeepAliveTimeoutSeconds;

    /// <summary>
    /// True when the front must see input while a response is paused (FastCGI: ABORT_REQUEST and management records
    /// may arrive); <see cref="ProcessInput"/> is then also called in <see cref="ConnectionState.Responding"/>.
    /// </summary>
    protected virtual bool ReadsWhileSuspended => false;

    /// <summary>True while a paused response waits to be resumed.</summary>
    protected bool HasContinuation => _continuation is not null;

    /// <summary>Starts serving a freshly accepted socket.</summary>
    public void Open(int fd, Listener listener, ReadOnlySpan<byte> sockaddr)
    {
        _fd = fd;
        Services.Budget.Opened();
        Listener = listener;
        Peer.Set(sockaddr);
        ForgetLocalAddress();
        if (_input.Length == 0)
        {
            _input = ArrayPool<byte>.Shared.Rent(InitialInputSize);
        }
        _inputStart = _inputEnd = 0;
        State = ConnectionState.ReadingRequest;
        _readable = true;
        _writable = true;
        InputClosed = false;
        _clientGone = false;
        _peerHungUp = false;
        _lingerOnClose = false;
        _resetOnClose = false;
        CloseAfterResponse = false;
        _continuation = null;
        _awaitingFirstBytes = true;
        _drainingIdle = false;
        _upgraded = _arrivalSignalled = _finDeferred = false;
        _lastActivity = Services.Loop.Time.GetTimestamp();
        if (!listener.IsUnix)
        {
            var one = 1;
            LibC.setsockopt(fd, LibC.IPPROTO_TCP, LibC.TCP_NODELAY, &one, sizeof(int));
        }
        OnOpened();
        // Serve first, register after: behind nginx the request is usually in the socket already and the whole
        // exchange ends inside this Pump, so a uwsgi connection costs no epoll_ctl at all. Registering an fd that is
        // already readable or writable with EPOLLET reports that readiness at once, so nothing is missed.
        Pump();
        if (_fd >= 0)
        {
            _token = Services.Loop.Register(fd, LibC.EPOLLIN | LibC.EPOLLOUT | LibC.EPOLLRDHUP | LibC.EPOLLET, this);
            _registered = true;
        }
    }

    /// <summary>A new socket was accepted: reset the front's per-connection state.</summary>
    protected abstract void OnOpened();

    /// <inheritdoc />
    public void OnEvents(uint events)
    {
        if ((events & (LibC.EPOLLERR | LibC.EPOLLHUP)) != 0)
        {
            _clientGone = true;
            Close();
            return;
        }
        if ((events & LibC.EPOLLOUT) != 0)
        {
            _writable = true;
        }
        if ((events & (LibC.EPOLLIN | LibC.EPOLLRDHUP)) != 0)
        {
            _readable = true;
            _peerHungUp |= (events & LibC.EPOLLRDHUP) != 0;
        }
        _lastActivity = Services.Loop.Time.GetTimestamp();
        Pump();
    }

    /// <inheritdoc />
    void ILoopBatchFlush.FlushBatch()
    {
        _flushKeptBack = false;
        // Pump again, not only send: what the send allows next (a close after the client's FIN) happens now.
        Pump();
    }

    /// <summary>
    /// Moves the connection forward as far as it can without blocking: resumes a paused response, processes
    /// buffered input (responses to pipelined requests accumulate and leave in one send), reads more input.
    /// </summary>
    private void Pump()
    {
        while (_fd >= 0)
        {
            switch (State)
            {
                case ConnectionState.Responding:
                    if (ResumeResponse())
                    {
                        continue;
                    }
                    if (_bodyArriving)
                    {
                        if (ReceiveArrivingBody())
                        {
                            continue;
                        }
                        return;
                    }
                    if (_hostPending && (_peerHungUp || InputClosed))
                    {
                        // The client left while the host waits on something else: nothing would tell the host, so
                        // the response is abandoned now (its continuation aborted), as nginx does on EPOLLRDHUP.
                        _clientGone = true;
                        Close();
                        return;
                    }
                    if (!ReadsWhileSuspended || _continuation is null || _file.Active || !ReadDuringResponse())
                    {
                        return;
                    }
                    continue;
                case ConnectionState.Closing:
                    if (!FlushOutput() || Output.Pending > 0)
                    {
                        return;
                    }
                    if (!_lingerOnClose || InputClosed)
                    {
                        Close();
                        return;
                    }
                    ShutDownWritingOrDefer();
                    _lingerStart = Services.Loop.Time.GetTimestamp();
                    State = ConnectionState.Lingering;
                    continue;
                case ConnectionState.Lingering:
                    if (!DiscardInput())
                    {
                        return;
                    }
                    EndDeferredFin();
                    continue;
            }
            if (ProcessInput())
            {
                continue;
            }
            if (_flushKeptBack)
            {
                // Already waiting for the end of the batch: what pipelined requests add leaves with it.
            }
            else if (State == ConnectionState.ReadingRequest && Output.Pending > 0 && _writable && Services.Loop.TryDeferFlush(this))
            {
                _flushKeptBack = true;
            }
            else if (!FlushOutput())
            {
                return;
            }
            if (!_readable || InputClosed)
            {
                if (InputClosed && State == ConnectionState.ReadingRequest && Output.Pending == 0)
                {
                    // Nothing more will arrive, and what did is no request the front could answer (it answers a
                    // truncated one it can, such as an HTTP head cut short): a FastCGI request without its last STDIN
                    // record, a partial uwsgi packet. The peer is gone; keeping the socket would hold it until
                    // socket-timeout.
                    Close();
                }
                return;
            }
            if (!Receive())
            {
                return;
            }
        }
    }

    /// <summary>Input handling while a response is paused; false when nothing more can happen now.</summary>
    private bool ReadDuringResponse()
    {
        if (ProcessInput())
        {
            return true;
        }
        return _readable && !InputClosed && Receive();
    }

    /// <summary>
    /// Ends the connection after a refusal the peer must be able to read: flush what was written, then linger
    /// (see <see cref="ConnectionState.Lingering"/>) before closing.
    /// </summary>
    protected void CloseAfterRefusal()
    {
        _lingerOnClose = true;
        State = ConnectionState.Closing;
    }

    /// <inheritdoc />
    public void OnTick(long now)
    {
        if (_fd < 0)
        {
            return;
        }
        if (SendStalled(now))
        {
            Services.Logger.SendTimedOut(Listener.DisplayAddress, Services.Options.SocketTimeoutSeconds, Output.Pending + (_file.Active ? _file.Remaining : 0));
            _clientGone = true;
            Close();
            return;
        }
        if (RequestDeadlineMissed(now))
        {
            return;
        }
        if (State == ConnectionState.Responding)
        {
            if (BodyArrivalTimedOut(now))
            {
                _clientGone = true;
                Close();
            }
            else if (_upgraded ? OnUpgradedTick(now) : OnRespondingTick(now))
            {
                Pump();
            }
            return;
        }
        var time = Services.Loop.Time;
        if (State == ConnectionState.Lingering)
        {
            if (time.GetElapsedTime(_lingerStart, now).TotalSeconds >= Services.Options.SocketTimeoutSeconds)
            {
                Close();
            }
            return;
        }
        var idle = time.GetElapsedTime(_lastActivity, now);
        var waitingForRequest = State == ConnectionState.ReadingRequest && !HasPartialRequest;
        // While stopping, a fresh connection gets socket-timeout (not the keep-alive idle time) to send its request,
        // and a kept keep-alive connection closes once it went quiet.
        var limit = !waitingForRequest || (_awaitingFirstBytes && Services.ShuttingDown) ? Services.Options.SocketTimeoutSeconds
            : _drainingIdle ? ShutdownQuietSeconds
            : IdleTimeoutSeconds;
        if (idle.TotalSeconds >= limit)
        {
            Close();
        }
    }

    /// <summary>Closes the socket, aborts a paused response and returns this object to its pool.</summary>
    public void Close()
    {
        if (_fd < 0)
        {
            return;
        }
        if (_inApplication)
        {
            // Never pull the request from under a running application: it finishes first (writes fail fast).
            _clientGone = true;
            return;
        }
        _bodyArriving = false;
        if (_continuation is { } continuation)
        {
            _continuation = null;
            continuation.Abort();
        }
        if (_registered)
        {
            Services.Loop.Forget(_token);
            _registered = false;
        }
        if (_resetOnClose)
        {
            // struct linger { l_onoff = 1, l_linger = 0 }: close(2) sends RST instead of FIN (see EndCutResponse).
            var linger = stackalloc int[] { 1, 0 };
            LibC.setsockopt(_fd, LibC.SOL_SOCKET, LibC.SO_LINGER, linger, 2 * sizeof(int));
        }
        LibC.close(_fd);
        Release();
    }

    /// <summary>Forgets the descriptor (closed or handed over), gives its budget slot back and returns this object to its pool.</summary>
    private void Release()
    {
        _fd = -1;
        Services.Budget.Closed();
        _file = default;
        Output.Clear();
        Request.Reset();
        OnClosed();
        _pool.Return(this);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Output.Dispose();
        Request.Dispose();
        if (_input.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_input);
            _input = [];
        }
    }
}
