using System.Buffers;
using Gantry.Application;
using Gantry.Protocols.Http;
using Gantry.Server.Connections;
using Gantry.Server.Listeners;
using Gantry.Server.Loop;
using Gantry.Server.Native;

namespace Gantry.Server.Http;

/// <summary>
/// One HTTP/1.1 connection's state machine, driven by its loop (edge-triggered epoll: the connection
/// remembers readiness and reads/writes until the kernel says EAGAIN). Owns its socket, its buffers and
/// its RequestContext; a suspended response's continuation is owned here until it completes or is aborted.
/// The phases live in partial files: .Input (head and body), .Response (the IResponseSink side).
/// </summary>
internal sealed unsafe partial class HttpConnection : IEventHandler, IResponseSink, IDisposable
{
    private const int InitialInputSize = 8192;

    private readonly HttpFront _front;
    private readonly HttpRequestHead _head = new();
    private readonly RequestContext _request;
    private readonly PeerAddress _peer = new();
    private readonly OutputBuffer _output = new();
    private byte[] _input = [];
    private int _inputStart;
    private int _inputEnd;
    private int _fd = -1;
    private long _token;
    private Listener _listener = null!;
    private ConnectionState _state;
    private bool _readable;
    private bool _writable;
    private bool _inputClosed;
    private bool _clientGone;
    private long _lastActivity;
    private IResponseContinuation? _continuation;

    public HttpConnection(HttpFront front)
    {
        _front = front;
        _request = new RequestContext(front.Options.BodyMemoryLimit, front.Options.TemporaryDirectory);
    }

    /// <inheritdoc />
    public bool IsBusy => _fd >= 0 && (_state != ConnectionState.ReadingHead || _inputEnd > _inputStart);

    /// <summary>Starts serving a freshly accepted socket.</summary>
    public void Open(int fd, Listener listener, ReadOnlySpan<byte> sockaddr)
    {
        _fd = fd;
        _listener = listener;
        _peer.Set(sockaddr);
        if (_input.Length == 0)
        {
            _input = ArrayPool<byte>.Shared.Rent(InitialInputSize);
        }
        _inputStart = _inputEnd = 0;
        _head.Reset();
        _state = ConnectionState.ReadingHead;
        _readable = true;
        _writable = true;
        _inputClosed = false;
        _clientGone = false;
        _continuation = null;
        _requestsServed = 0;
        _lastActivity = _front.Loop.Time.GetTimestamp();
        if (!listener.IsUnix)
        {
            var one = 1;
            LibC.setsockopt(fd, LibC.IPPROTO_TCP, LibC.TCP_NODELAY, &one, sizeof(int));
        }
        _token = _front.Loop.Register(fd, LibC.EPOLLIN | LibC.EPOLLOUT | LibC.EPOLLRDHUP | LibC.EPOLLET, this);
        Pump();
    }

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
        }
        _lastActivity = _front.Loop.Time.GetTimestamp();
        Pump();
    }

    /// <summary>
    /// Moves the connection forward as far as it can without blocking: resumes a paused response, parses and
    /// serves buffered requests (pipelining: responses accumulate and leave in one send), reads more input.
    /// </summary>
    private void Pump()
    {
        while (_fd >= 0)
        {
            switch (_state)
            {
                case ConnectionState.Responding:
                    if (!ResumeResponse())
                    {
                        return;
                    }
                    continue;
                case ConnectionState.Closing:
                    if (FlushOutput() && _output.Pending == 0)
                    {
                        Close();
                    }
                    return;
            }
            if (ProcessInput())
            {
                continue;
            }
            if (!FlushOutput())
            {
                return;
            }
            if (!_readable || _inputClosed)
            {
                if (_inputClosed && _state == ConnectionState.ReadingHead && _inputEnd == _inputStart && _output.Pending == 0)
                {
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

    /// <summary>Sends pending output; false when the connection was closed because the client is gone.</summary>
    private bool FlushOutput()
    {
        if (_output.Pending == 0 || !_writable)
        {
            return true;
        }
        var errno = _output.Send(_fd, out var wouldBlock);
        if (errno != 0)
        {
            _clientGone = true;
            Close();
            return false;
        }
        if (wouldBlock)
        {
            _writable = false;
        }
        return true;
    }

    /// <inheritdoc />
    public void OnTick(long now)
    {
        if (_fd < 0 || _state is ConnectionState.Responding)
        {
            return;
        }
        var idle = _front.Loop.Time.GetElapsedTime(_lastActivity, now);
        var waitingForRequest = _state == ConnectionState.ReadingHead && _inputEnd == _inputStart;
        var limit = waitingForRequest ? _front.Options.KeepAliveTimeoutSeconds : _front.Options.SocketTimeoutSeconds;
        if (idle.TotalSeconds >= limit)
        {
            Close();
        }
    }

    /// <inheritdoc />
    public void OnShutdown()
    {
        if (_fd >= 0 && _state == ConnectionState.ReadingHead && _inputEnd == _inputStart)
        {
            Close();
        }
    }

    /// <summary>Closes the socket, aborts a paused response and returns this object to the pool.</summary>
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
        if (_continuation is { } continuation)
        {
            _continuation = null;
            continuation.Abort();
        }
        _front.Loop.Unregister(_fd, _token);
        LibC.close(_fd);
        _fd = -1;
        _file = default;
        _output.Clear();
        _request.Reset();
        _front.Return(this);
    }

    public void Dispose()
    {
        _output.Dispose();
        _request.Dispose();
        if (_input.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_input);
            _input = [];
        }
    }
}
