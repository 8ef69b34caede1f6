using Gantry.Posix.Native;
using Gantry.Server.Listeners;
using Gantry.Server.Logging;
using Gantry.Server.Loop;

namespace Gantry.Server.Connections;

/// <summary>
/// Accepts connections on one listener for one loop. Several loops (threads, processes) may share a
/// listener: each registers it with EPOLLEXCLUSIVE so one waiter wakes per connection. Accepted sockets go to
/// the connection pool of the listener's protocol.
/// </summary>
internal sealed unsafe class ListenerAcceptor : IEventHandler
{
    private const int AcceptsPerWakeup = 1;

    private readonly Listener _listener;
    private readonly ConnectionPool _pool;
    private readonly ConnectionServices _services;
    private readonly EventLoop _loop;
    private readonly byte[] _sockaddr = new byte[PeerAddress.SockaddrSize];
    private long _token = -1;

    public ListenerAcceptor(EventLoop loop, Listener listener, ConnectionPool pool, ConnectionServices services)
    {
        _loop = loop;
        _listener = listener;
        _pool = pool;
        _services = services;
    }

    public bool IsBusy => false;

    public void Start() => _token = _loop.Register(_listener.Fd, LibC.EPOLLIN | LibC.EPOLLEXCLUSIVE, this);

    public void OnEvents(uint events)
    {
        // One connection per wake-up, as nginx's default (multi_accept off): the listener is level-triggered, so one
        // still waiting wakes this loop again on its next epoll_wait, and meanwhile another worker (EPOLLEXCLUSIVE
        // wakes a waiting one per arrival) can take it. Draining the queue here would pin a whole burst on this
        // loop, to be served one after another behind a slow application while other workers sit idle.
        for (var i = 0; i < AcceptsPerWakeup; i++)
        {
            var length = _sockaddr.Length;
            int fd;
            fixed (byte* address = _sockaddr)
            {
                fd = LibC.accept4(_listener.Fd, address, &length, LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC);
            }
            if (fd < 0)
            {
                var errno = LibC.Errno;
                if (errno == LibC.EMFILE || errno == LibC.ENFILE)
                {
                    _services.Logger.AcceptFailed(_listener.DisplayAddress, errno);
                }
                return;
            }
            _pool.Accept(fd, _listener, _sockaddr.AsSpan(0, length));
        }
    }

    public void OnTick(long now)
    {
    }

    public void OnShutdown()
    {
        _services.ShuttingDown = true;
        if (_token >= 0)
        {
            _loop.Unregister(_listener.Fd, _token);
            _token = -1;
        }
    }
}
