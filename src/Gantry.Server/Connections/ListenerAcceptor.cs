using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Server.Listeners;
using Gantry.Server.Logging;
using Gantry.Server.Loop;

namespace Gantry.Server.Connections;

/// <summary>
/// Accepts connections on one listener for one loop. Several loops (threads, processes) may share a
/// listener: each registers it with EPOLLEXCLUSIVE so one waiter wakes per connection. Accepted sockets go to
/// the connection pool of the listener's protocol.
/// Out of descriptors (EMFILE, ENFILE) or kernel memory (ENOBUFS, ENOMEM), it does what nginx and libuv do: the
/// listener, level-triggered, would wake the loop again at once for the same connection, so the loop would spin and
/// log without end. Instead one waiting connection is accepted on a reserve descriptor and closed (its client learns
/// at once rather than timing out in the backlog), the listener leaves the epoll set for <see cref="BackOff"/>, and
/// the condition is logged at most once per <see cref="LogInterval"/> with a count. The same pause, without shedding,
/// holds while the process's <see cref="ConnectionBudget"/> (max-connections) is spent.
/// </summary>
internal sealed unsafe class ListenerAcceptor : IEventHandler, ITimerHandler
{
    private const int AcceptsPerWakeup = 1;

    /// <summary>How long accepting pauses after running out of descriptors (nginx pauses 500 ms).</summary>
    public static readonly TimeSpan BackOff = TimeSpan.FromMilliseconds(100);

    /// <summary>At most one log line per listener and loop in this time while accepting keeps failing.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly Listener _listener;
    private readonly ConnectionPool _pool;
    private readonly ConnectionServices _services;
    private readonly EventLoop _loop;
    private readonly byte[] _sockaddr = new byte[PeerAddress.SockaddrSize];
    private int _sockaddrLength;
    private long _token = -1;

    // An open descriptor (/dev/null) given up to accept, and close, one connection when none is left.
    private int _reserve = -1;
    private ILoopTimer? _resume;
    private long _lastLogged;
    private int _failuresSinceLog;
    private int _shedSinceLog;
    private long _budgetLogged;
    private int _budgetPausesSinceLog;

    public ListenerAcceptor(EventLoop loop, Listener listener, ConnectionPool pool, ConnectionServices services)
    {
        _loop = loop;
        _listener = listener;
        _pool = pool;
        _services = services;
    }

    public bool IsBusy => false;

    public void Start()
    {
        OpenReserve();
        Listen();
    }

    public void OnEvents(uint events)
    {
        // One connection per wake-up, as nginx's default (multi_accept off): the listener is level-triggered, so one
        // still waiting wakes this loop again on its next epoll_wait, and meanwhile another worker (EPOLLEXCLUSIVE
        // wakes a waiting one per arrival) can take it. Draining the queue here would pin a whole burst on this
        // loop, to be served one after another behind a slow application while other workers sit idle.
        for (var i = 0; i < AcceptsPerWakeup; i++)
        {
            if (_services.Budget.IsSpent)
            {
                BudgetSpent();
                return;
            }
            var fd = Accept();
            if (fd < 0)
            {
                var errno = LibC.Errno;
                if (errno is LibC.EMFILE or LibC.ENFILE or LibC.ENOBUFS or LibC.ENOMEM)
                {
                    OutOfResources(errno);
                }
                return;
            }
            _pool.Accept(fd, _listener, _sockaddr.AsSpan(0, _sockaddrLength));
        }
    }

    public void OnTick(long now)
    {
    }

    /// <summary>The back-off is over: accept again (unless the loop is stopping).</summary>
    public void OnTimer()
    {
        _resume = null;
        if (_services.ShuttingDown || _token >= 0)
        {
            return;
        }
        if (_reserve < 0)
        {
            // Another thread took the descriptor the reserve gave up: take one back when there is one again.
            OpenReserve();
        }
        Listen();
    }

    public void OnShutdown()
    {
        _services.ShuttingDown = true;
        _resume?.Cancel();
        _resume = null;
        Unlisten();
        if (_reserve >= 0)
        {
            LibC.close(_reserve);
            _reserve = -1;
        }
    }

    private int Accept()
    {
        var length = _sockaddr.Length;
        int fd;
        fixed (byte* address = _sockaddr)
        {
            fd = LibC.accept4(_listener.Fd, address, &length, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
        }
        _sockaddrLength = length;
        return fd;
    }

    private void OutOfResources(int errno)
    {
        _failuresSinceLog++;
        if (_reserve >= 0 && errno is LibC.EMFILE or LibC.ENFILE)
        {
            // Give the reserve up for one accept and close that connection at once, then take the reserve back.
            LibC.close(_reserve);
            var shed = Accept();
            if (shed >= 0)
            {
                LibC.close(shed);
                _shedSinceLog++;
            }
            OpenReserve();
        }
        if (DueToLog(ref _lastLogged))
        {
            _services.Logger.AcceptPaused(_listener.DisplayAddress, LibC.ErrorText(errno), errno, _failuresSinceLog, _shedSinceLog,
                (int)BackOff.TotalMilliseconds, (int)LogInterval.TotalSeconds);
            _failuresSinceLog = 0;
            _shedSinceLog = 0;
        }
        PauseAccepting();
    }

    private void BudgetSpent()
    {
        _budgetPausesSinceLog++;
        if (DueToLog(ref _budgetLogged))
        {
            _services.Logger.ConnectionLimitReached(_listener.DisplayAddress, _services.Budget.Limit, _budgetPausesSinceLog,
                (int)BackOff.TotalMilliseconds, (int)LogInterval.TotalSeconds);
            _budgetPausesSinceLog = 0;
        }
        PauseAccepting();
    }

    /// <summary>Takes the listener out of the epoll set for <see cref="BackOff"/> (it stays readable; OnTimer brings it back).</summary>
    private void PauseAccepting()
    {
        Unlisten();
        _resume = _loop.StartTimer(BackOff, this);
    }

    /// <summary>True (and <paramref name="lastLogged"/> set to now) when a condition's line is due: first, or <see cref="LogInterval"/> after the last.</summary>
    private bool DueToLog(ref long lastLogged)
    {
        var now = _loop.Time.GetTimestamp();
        if (lastLogged != 0 && _loop.Time.GetElapsedTime(lastLogged, now) < LogInterval)
        {
            return false;
        }
        lastLogged = now;
        return true;
    }

    private void OpenReserve() => _reserve = LibC.open("/dev/null", LibC.O_RDONLY | LibC.O_CLOEXEC, 0);

    private void Listen() => _token = _loop.Register(_listener.Fd, LibC.EPOLLIN | LibC.EPOLLEXCLUSIVE, this);

    private void Unlisten()
    {
        if (_token >= 0)
        {
            _loop.Unregister(_listener.Fd, _token);
            _token = -1;
        }
    }
}
