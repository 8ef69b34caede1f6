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
/// serve; and while a new connection waits for its first answer, a connection that comes back is closed rather than
/// kept, which frees its child for the waiting one. Across worker processes nothing is shared, so php-fpm-keepalive
/// times the processes should stay below pm.max_children (docs/php.md). The lock is held for a push or a pop only.
/// </remarks>
internal sealed class PhpFpmPool : IDisposable
{
    private readonly Stack<int> _idle = new();
    private readonly int _limit;
    private int _fresh;

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

    /// <summary>A new connection was opened: until <see cref="FreshAnswered"/>, connections that come back are closed.</summary>
    public void FreshOpened() => Interlocked.Increment(ref _fresh);

    /// <summary>True while some new connection waits for its first answer (a php-fpm child to take it).</summary>
    public bool FreshWaiting => Volatile.Read(ref _fresh) > 0;

    /// <summary>A new connection got its first bytes (or was given up).</summary>
    public void FreshAnswered() => Interlocked.Decrement(ref _fresh);

    /// <summary>A connection whose request ended cleanly: kept for the next, or closed past the bound or for a waiting new one.</summary>
    public void Return(int fd)
    {
        if (Volatile.Read(ref _fresh) == 0)
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
