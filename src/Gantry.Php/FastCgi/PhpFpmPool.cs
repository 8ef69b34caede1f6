using Gantry.Posix.Native;
using Gantry.Posix.Sockets;

namespace Gantry.Php.FastCgi;

/// <summary>
/// The idle kept-alive connections to one php-fpm address (FCGI_KEEP_CONN), shared by the process's loop threads, at
/// most <c>php-fpm-keepalive</c> of them (nginx's <c>keepalive N</c> in an upstream block). A connection whose request
/// ended cleanly comes back here, the most recent is reused first, one past the bound is closed.
/// </summary>
/// <remarks>
/// A php-fpm child serves one connection at a time, and with FCGI_KEEP_CONN it stays with that connection, waiting
/// for its next request, until the connection closes: an idle connection holds a child. Two rules keep idle
/// connections from starving a new one (which sits in php-fpm's listen queue until a child is free): the idle
/// connections are one pool for all loop threads, so no loop opens a connection while another loop's idle one could
/// serve; and once a new connection has waited <see cref="StarvingAfterMilliseconds"/> for its first answer, the idle
/// connections are closed and a connection that comes back is closed rather than kept, which frees children for it. Across worker processes nothing is shared, so php-fpm-keepalive
/// times the processes should stay below pm.max_children (docs/php.md). The lock is held for a push or a pop only.
/// </remarks>
internal sealed class PhpFpmPool : IDisposable
{
    private readonly Stack<int> _idle = new();
    private readonly int _limit;
    private readonly List<long> _freshSince = [];
    private int _fresh;

    /// <summary>
    /// How long a new connection may wait for its first answer before it counts as starving (in php-fpm's listen
    /// queue rather than with a child): well above a quick script's time, well below a timeout.
    /// </summary>
    public const int StarvingAfterMilliseconds = 20;

    public PhpFpmPool(PhpFpmUpstream upstream, int limit)
    {
        Upstream = upstream;
        _limit = limit;
    }

    public PhpFpmUpstream Upstream { get; }

    /// <summary>True when connections are kept (BEGIN_REQUEST then carries FCGI_KEEP_CONN).</summary>
    public bool KeepsConnections => _limit > 0;

    /// <summary>Idle connections (for tests).</summary>
    public int IdleCount
    {
        get
        {
            lock (_idle)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>
    /// The most recent idle connection, or -1. With <paramref name="probe"/>, one that still looks open (a recv with
    /// MSG_PEEK each); without, as it is: the caller can send its request again on a new connection if php-fpm had
    /// closed this one (a request without a body), which saves the probe's system call on every request.
    /// </summary>
    public int TakeIdle(bool probe = true)
    {
        while (true)
        {
            int fd;
            lock (_idle)
            {
                if (!_idle.TryPop(out fd))
                {
                    return -1;
                }
            }
            if (!probe || OutboundSocket.IsIdleAndOpen(fd))
            {
                return fd;
            }
            LibC.close(fd);
        }
    }

    /// <summary>
    /// A new connection was opened at <paramref name="since"/> (<see cref="Environment.TickCount64"/>): once it has
    /// waited <see cref="StarvingAfterMilliseconds"/> without an answer, connections that come back are closed, until
    /// <see cref="FreshAnswered"/> with the same value.
    /// </summary>
    public void FreshOpened(long since)
    {
        lock (_freshSince)
        {
            _freshSince.Add(since);
            _fresh = _freshSince.Count;
        }
    }

    /// <summary>
    /// True while some new connection has waited for its first answer longer than <see cref="StarvingAfterMilliseconds"/>:
    /// it is likely in php-fpm's listen queue, every child held by a connection, so a connection that comes back is
    /// closed to free its child. A new connection answered sooner was taken by a free child: closing kept connections
    /// for it would only make the next request connect again, and the next, for as long as requests overlap (measured:
    /// a connect per request at 2 concurrent clients, before the threshold).
    /// </summary>
    public bool FreshWaiting
    {
        get
        {
            if (Volatile.Read(ref _fresh) == 0)
            {
                return false;
            }
            var starving = Environment.TickCount64 - StarvingAfterMilliseconds;
            lock (_freshSince)
            {
                foreach (var since in _freshSince)
                {
                    if (since <= starving)
                    {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /// <summary>The new connection opened at <paramref name="since"/> got its first bytes (or was given up).</summary>
    public void FreshAnswered(long since)
    {
        lock (_freshSince)
        {
            _freshSince.Remove(since);
            _fresh = _freshSince.Count;
        }
    }

    /// <summary>A connection whose request ended cleanly: kept for the next, or closed past the bound or for a starving new one.</summary>
    public void Return(int fd)
    {
        if (!FreshWaiting)
        {
            lock (_idle)
            {
                if (_idle.Count < _limit)
                {
                    _idle.Push(fd);
                    return;
                }
            }
        }
        LibC.close(fd);
    }

    /// <summary>Closes every idle connection (a new one starves: their children are freed for it).</summary>
    public void CloseIdle()
    {
        while (true)
        {
            int fd;
            lock (_idle)
            {
                if (!_idle.TryPop(out fd))
                {
                    return;
                }
            }
            LibC.close(fd);
        }
    }

    public void Dispose()
    {
        lock (_idle)
        {
            while (_idle.TryPop(out var fd))
            {
                LibC.close(fd);
            }
        }
    }
}
