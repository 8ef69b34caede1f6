using Gantry.Application;
using Gantry.Posix.Native;

namespace Gantry.Server.Loop;

/// <summary>
/// One epoll instance driven by one thread: the thread that also runs the application, so a request is
/// parsed, handed to Python and answered without a thread hop. Handlers live in a slot table; the epoll user
/// data carries slot and generation, so an event for a slot freed earlier in the same batch is dropped.
/// The application thread is released (GIL) only around epoll_wait.
/// </summary>
internal sealed unsafe partial class EventLoop : IDisposable
{
    private const int MaxEvents = 256;
    private const int TickMilliseconds = 1000;

    private readonly int _epoll;
    private readonly EpollEvent* _events;
    private readonly TimeProvider _time;
    private readonly LoopWakeup _wakeup;
    private IEventHandler?[] _handlers = new IEventHandler?[64];
    private uint[] _generations = new uint[64];
    // Sized like the slot table, so the first released slot does not allocate the stack's array mid-request.
    private readonly Stack<int> _freeSlots = new(64);
    private int _slotsUsed;
    private ILoopDeferredWork[] _deferred = [];
    private readonly List<ILoopBatchFlush> _batchFlushes = new(MaxEvents);
    private int _eventsLeftInBatch;
    // When the first response of the batch was kept back; past BatchFlushWindow the batch's responses leave before
    // the next event is handled, so a slow request later in the batch does not hold back answers already made.
    private long _batchFlushSince;
    private readonly long _batchFlushWindow;
    private long _nextTick;
    private volatile int _stopRequest;

    public EventLoop(TimeProvider time)
    {
        _time = time;
        // A response waits 1 ms at most for the rest of its batch (uvloop's queued writes wait for the whole iteration).
        _batchFlushWindow = time.TimestampFrequency / 1000;
        _epoll = LibC.epoll_create1(LibC.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed: errno {LibC.Errno}");
        }
        _events = (EpollEvent*)System.Runtime.InteropServices.NativeMemory.Alloc(MaxEvents, (nuint)sizeof(EpollEvent));
        _wakeup = new LoopWakeup(this);
        Register(_wakeup.Fd, LibC.EPOLLIN, _wakeup);
    }

    /// <summary>The clock every timeout in this loop reads.</summary>
    public TimeProvider Time => _time;

    /// <summary>Number of registered handlers (listeners, connections, the wake-up).</summary>
    public int HandlerCount => _slotsUsed - _freeSlots.Count;

    /// <summary>Runs <paramref name="work"/> when it says it is due, and when this loop stops (on its thread; register before it runs).</summary>
    public void AddDeferredWork(ILoopDeferredWork work) => _deferred = [.. _deferred, work];

    /// <summary>
    /// Keeps <paramref name="connection"/>'s send back until the events still to dispatch in this batch were handled,
    /// so that a client with several connections (a load balancer, a benchmark) is woken once for their responses;
    /// false when no event is left (send now: nothing would be gained).
    /// </summary>
    public bool TryDeferFlush(ILoopBatchFlush connection)
    {
        if (_eventsLeftInBatch == 0)
        {
            return false;
        }
        if (_batchFlushes.Count == 0)
        {
            _batchFlushSince = _time.GetTimestamp();
        }
        _batchFlushes.Add(connection);
        return true;
    }

    /// <summary>Sends the responses kept back by <see cref="TryDeferFlush"/>; with <paramref name="onlyIfLate"/>, only past the window.</summary>
    private void FlushBatch(bool onlyIfLate)
    {
        if (_batchFlushes.Count == 0 || (onlyIfLate && _time.GetTimestamp() - _batchFlushSince < _batchFlushWindow))
        {
            return;
        }
        // Nothing may be kept back while the kept ones are pumped: a connection would add itself to the list being
        // cleared and wait for ever.
        var eventsLeft = _eventsLeftInBatch;
        _eventsLeftInBatch = 0;
        for (var i = 0; i < _batchFlushes.Count; i++)
        {
            _batchFlushes[i].FlushBatch();
        }
        _batchFlushes.Clear();
        _eventsLeftInBatch = eventsLeft;
    }

    /// <summary>Adds <paramref name="fd"/> to the epoll set; returns the token to unregister it with.</summary>
    public long Register(int fd, uint events, IEventHandler handler)
    {
        var slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _slotsUsed++;
        if (slot >= _handlers.Length)
        {
            Array.Resize(ref _handlers, _handlers.Length * 2);
            Array.Resize(ref _generations, _generations.Length * 2);
        }
        _handlers[slot] = handler;
        var token = ((long)_generations[slot] << 32) | (uint)slot;
        var ev = new EpollEvent { Events = events, Data = (ulong)token };
        if (LibC.epoll_ctl(_epoll, LibC.EPOLL_CTL_ADD, fd, &ev) != 0)
        {
            var errno = LibC.Errno;
            Release(slot);
            throw new InvalidOperationException($"epoll_ctl(ADD, {fd}) failed: errno {errno}");
        }
        return token;
    }

    /// <summary>Removes a handler. The caller closes the descriptor afterwards.</summary>
    public void Unregister(int fd, long token)
    {
        LibC.epoll_ctl(_epoll, LibC.EPOLL_CTL_DEL, fd, null);
        Release((int)(token & 0xFFFFFFFF));
    }

    /// <summary>
    /// Forgets a handler whose descriptor the caller closes right away: close(2) takes it out of the epoll set (no
    /// other descriptor refers to the socket), so no epoll_ctl is spent; an event for it later in the same batch is
    /// dropped by the slot's generation.
    /// </summary>
    public void Forget(long token) => Release((int)(token & 0xFFFFFFFF));

    /// <summary>Asks the loop to stop; safe from any thread (signal handlers, the master pipe).</summary>
    public void RequestStop(bool graceful)
    {
        _stopRequest = graceful ? 1 : 2;
        _wakeup.Signal();
    }

    private void Release(int slot)
    {
        _handlers[slot] = null;
        _generations[slot]++;
        _freeSlots.Push(slot);
    }

    public void Dispose()
    {
        _wakeup.Dispose();
        LibC.close(_epoll);
        System.Runtime.InteropServices.NativeMemory.Free(_events);
    }
}
