using Gantry.Posix.Native;
using Gantry.Posix.Sockets;

namespace Gantry.Php.FastCgi;

/// <summary>
/// One loop thread's idle kept-alive connections to one php-fpm address (FCGI_KEEP_CONN), at most
/// <c>php-fpm-keepalive</c> of them (nginx's <c>keepalive N</c> in an upstream block): a connection whose request
/// ended cleanly comes back here, the most recent is reused first (its php-fpm child is the warmest), one past the
/// bound is closed. Idle connections are not watched: one that php-fpm closed meanwhile (a child that reached
/// pm.max_requests, a restart) is found out when taken, and closed. Loop thread only; the thread's link disposes it.
/// </summary>
internal sealed class PhpFpmPool : IDisposable
{
    private readonly Stack<int> _idle = new();
    private readonly int _limit;

    public PhpFpmPool(PhpFpmUpstream upstream, int limit)
    {
        Upstream = upstream;
        _limit = limit;
    }

    public PhpFpmUpstream Upstream { get; }

    /// <summary>True when connections are kept (BEGIN_REQUEST then carries FCGI_KEEP_CONN).</summary>
    public bool KeepsConnections => _limit > 0;

    /// <summary>An idle connection that still looks open, or -1.</summary>
    public int TakeIdle()
    {
        while (_idle.TryPop(out var fd))
        {
            if (OutboundSocket.IsIdleAndOpen(fd))
            {
                return fd;
            }
            LibC.close(fd);
        }
        return -1;
    }

    /// <summary>A connection whose request ended cleanly: kept for the next, or closed past the bound.</summary>
    public void Return(int fd)
    {
        if (_idle.Count < _limit)
        {
            _idle.Push(fd);
            return;
        }
        LibC.close(fd);
    }

    /// <summary>Idle connections (for tests).</summary>
    public int IdleCount => _idle.Count;

    public void Dispose()
    {
        while (_idle.TryPop(out var fd))
        {
            LibC.close(fd);
        }
    }
}
