using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Asgi;

/// <summary>
/// Drives one loop thread's asyncio loop from our epoll loop, on the same thread, with no hop: the asyncio selector's
/// epoll descriptor is watched (level-triggered, so sockets, the self-pipe of call_soon_threadsafe and anyio's worker
/// threads all wake us), a timer follows asyncio's next scheduled handle, and work posted to ourselves runs a pump after
/// call_soon/call_at (the loop's <c>_asgi_wake</c>). A pump is one non-blocking <c>_run_once</c>. After it, the
/// responses whose tasks sent outside a step (or ended) are continued, so the connection writes from its own step.
/// </summary>
internal sealed unsafe class AsgiPump : IReadinessHandler, ITimerHandler, ILoopWork
{
    private static AsgiPump?[] _byThread = new AsgiPump?[8];

    private readonly ILoopServices _loop;
    private readonly ILogger _logger;
    private readonly List<AsgiRequest> _continues = [];
    private PyHeld _asyncio;
    private IFdWatch? _watch;
    private ILoopTimer? _timer;
    private bool _posted;
    private bool _closed;

    private AsgiPump(int threadIndex, ILoopServices loop, PyBorrowed asyncioLoop, ILogger logger)
    {
        ThreadIndex = threadIndex;
        _loop = loop;
        _logger = logger;
        _asyncio.Hold(asyncioLoop);
    }

    public int ThreadIndex { get; }

    /// <summary>The asyncio loop (borrowed from this pump).</summary>
    public PyBorrowed Loop => _asyncio.Borrow();

    /// <summary>
    /// A new asyncio loop for loop thread <paramref name="threadIndex"/> (set as the calling thread's event loop); it
    /// wakes the thread's pump once one is attached. GIL held.
    /// </summary>
    public static nint NewAsyncioLoop(int threadIndex)
    {
        using var index = PyOwned.Steal(CPython.PyLong_FromLong(threadIndex));
        using var wake = PyOwned.Steal(CPython.PyCFunction_NewEx(AsgiPython.WakeDefinition, index.Pointer, 0));
        if (wake.IsNull)
        {
            return 0;
        }
        return CPython.CallOne(AsgiPython.NewEventLoop.Pointer, wake.Pointer);
    }

    /// <summary>Attaches <paramref name="asyncioLoop"/> to the calling loop thread: it becomes the running loop, its selector is watched.</summary>
    public static AsgiPump Attach(int threadIndex, ILoopServices loop, PyBorrowed asyncioLoop, ILogger logger)
    {
        var pump = new AsgiPump(threadIndex, loop, asyncioLoop, logger);
        using (var attached = PyOwned.Steal(CPython.CallMethod(asyncioLoop.Pointer, AsgiPython.GantryAttach.Pointer)))
        {
            if (attached.IsNull)
            {
                throw new PythonStartupException("Cannot attach the asyncio loop:\n" + PythonErrors.TakeTraceback());
            }
        }
        using var selector = PyOwned.Steal(CPython.PyObject_GetAttr(asyncioLoop.Pointer, AsgiPython.Selector.Pointer));
        using var fileno = PyOwned.Steal(selector.IsNull ? 0 : CPython.CallMethod(selector.Pointer, AsgiPython.Fileno.Pointer));
        if (fileno.IsNull)
        {
            throw new PythonStartupException("Cannot find the asyncio selector's descriptor:\n" + PythonErrors.TakeTraceback());
        }
        pump._watch = loop.Watch((int)CPython.PyLong_AsLong(fileno.Pointer), LoopReadiness.Readable, pump);
        lock (typeof(AsgiPump))
        {
            if (threadIndex >= _byThread.Length)
            {
                Array.Resize(ref _byThread, Math.Max(threadIndex + 1, _byThread.Length * 2));
            }
            _byThread[threadIndex] = pump;
        }
        pump.Wake();
        return pump;
    }

    /// <summary>The <c>_asgi_wake</c> of thread <paramref name="threadIndex"/>'s asyncio loop (on that thread).</summary>
    public static void Wake(int threadIndex)
    {
        var pumps = _byThread;
        if ((uint)threadIndex < (uint)pumps.Length && pumps[threadIndex] is { } pump)
        {
            pump.Wake();
        }
    }

    /// <summary>Starts a one-shot timer on this loop thread.</summary>
    public ILoopTimer StartTimer(TimeSpan due, ITimerHandler handler) => _loop.StartTimer(due, handler);

    /// <summary>Runs a pump soon (after the loop's next look at its descriptors).</summary>
    public void Wake()
    {
        if (!_posted && !_closed)
        {
            _posted = true;
            _loop.Post(this);
        }
    }

    /// <summary>After this pump, resume <paramref name="request"/>'s response.</summary>
    public void QueueContinue(AsgiRequest request)
    {
        _continues.Add(request);
        Wake();
    }

    /// <inheritdoc />
    public void OnReady(LoopReadiness ready) => RunOnce();

    /// <inheritdoc />
    public void OnTimer() => RunOnce();

    /// <inheritdoc />
    public void Run()
    {
        _posted = false;
        RunOnce();
    }

    /// <summary>Stops watching, then lets <paramref name="beforeClose"/> run (thread 0: lifespan shutdown) and closes the loop.</summary>
    public void Close(TimeSpan timeout, Action? beforeClose)
    {
        _closed = true;
        _watch?.Dispose();
        _timer?.Cancel();
        lock (typeof(AsgiPump))
        {
            _byThread[ThreadIndex] = null;
        }
        using (var detached = PyOwned.Steal(CPython.CallMethod(_asyncio.Pointer, AsgiPython.GantryDetach.Pointer)))
        {
            if (detached.IsNull)
            {
                AsgiLog.InternalError(_logger, PythonErrors.TakeTraceback());
            }
        }
        beforeClose?.Invoke();
        using var seconds = PyOwned.Steal(CPython.PyFloat_FromDouble(timeout.TotalSeconds));
        using var closed = PyOwned.Steal(CPython.CallMethod(_asyncio.Pointer, AsgiPython.GantryClose.Pointer, seconds.Pointer));
        if (closed.IsNull)
        {
            AsgiLog.InternalError(_logger, PythonErrors.TakeTraceback());
        }
        _asyncio.Release();
    }

    /// <summary>
    /// asyncio's slow_callback_duration (0.1 s): an app step or a pump that held the loop thread longer held every other
    /// request of the thread too (a blocking call in a coroutine); logged with what ran.
    /// </summary>
    private static readonly long SlowStep = System.Diagnostics.Stopwatch.Frequency / 10;

    /// <summary>
    /// Logs an app step that started at <paramref name="started"/> and held the loop thread too long, naming the coroutine
    /// that ran (its __qualname__): <paramref name="coroutine"/> for an eager step, else the tasks the pump stepped.
    /// </summary>
    public void ReportIfSlow(long started, string what, RequestContext? request, PyBorrowed coroutine)
    {
        var elapsed = System.Diagnostics.Stopwatch.GetTimestamp() - started;
        if (elapsed > SlowStep)
        {
            var error = CPython.ErrorPending;
            nint type = 0, value = 0, traceback = 0;
            if (error)
            {
                CPython.PyErr_Fetch(&type, &value, &traceback);
            }
            using (var name = PyOwned.Steal(coroutine.IsNull
                ? CPython.CallMethod(_asyncio.Pointer, AsgiPython.GantryDescribe.Pointer)
                : CPython.PyObject_GetAttr(coroutine.Pointer, AsgiPython.Qualname.Pointer)))
            {
                var text = name.IsNull ? null : PythonErrors.ToText(name.Borrow());
                CPython.PyErr_Clear();
                AsgiLog.SlowStep(_logger, what, ThreadIndex, elapsed * 1000 / System.Diagnostics.Stopwatch.Frequency,
                    coroutine.IsNull ? text ?? "asyncio callbacks" : $"coroutine {text ?? "?"}",
                    request is null ? "asyncio callbacks" : AsgiErrors.RequestLine(request));
            }
            if (error)
            {
                CPython.PyErr_Restore(type, value, traceback);
            }
        }
    }

    private void RunOnce()
    {
        if (_closed)
        {
            return;
        }
        double next;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using (var result = PyOwned.Steal(CPython.CallMethod(_asyncio.Pointer, AsgiPython.GantryPump.Pointer)))
        {
            if (result.IsNull)
            {
                AsgiLog.InternalError(_logger, PythonErrors.TakeTraceback());
                next = 0.001;
            }
            else
            {
                next = CPython.PyFloat_AsDouble(result.Pointer);
            }
        }
        ReportIfSlow(started, "a task or callback", null, default);
        if (_continues.Count > 0)
        {
            // Resuming a response may queue more (a continued connection serving its next request): those wait for the next pump.
            var count = _continues.Count;
            for (var i = 0; i < count; i++)
            {
                _continues[i].ContinueNow();
            }
            _continues.RemoveRange(0, count);
        }
        Arm(next);
    }

    private void Arm(double seconds)
    {
        if (seconds == 0)
        {
            Wake();
            return;
        }
        if (seconds < 0)
        {
            _timer?.Cancel();
            return;
        }
        var due = TimeSpan.FromMilliseconds(Math.Max(1, Math.Ceiling(seconds * 1000)));
        if (_timer is null)
        {
            _timer = _loop.StartTimer(due, this);
        }
        else
        {
            _timer.Restart(due);
        }
    }
}
