using Gantry.Application;
using Gantry.Application.WebSocket;
using Gantry.Posix.Native;
using Gantry.Python.Native;
using Gantry.Python.Runtime;

namespace Gantry.Python.Asgi;

/// <summary>
/// One ASGI HTTP request slot of a loop thread: runs the app's coroutine as an eagerly started Task
/// (AsgiPythonSource's <c>run_http</c>) and is the connection's continuation while the response is in progress. The
/// response and the task end separately: the response is over once the app sent its last body block (or it failed, or
/// the client left), and the slot is reused only once the task is done too (an app may run on after its response,
/// as Starlette's background tasks do). Owned by its <see cref="AsgiThread"/> and used only on it.
/// </summary>
internal sealed unsafe partial class AsgiRequest : IResponseContinuation, IRequestBodyListener, IWebSocketListener, IRegisteredRequest, ITimerHandler
{
    /// <summary>The handles of every ASGI request slot of the process.</summary>
    public static readonly RequestRegistry<AsgiRequest> Registry = new();

    private readonly AsgiThread _thread;
    private readonly int _slot;
    private RequestContext? _context;
    private IResponseSink? _sink;
    /// <summary>The request whose eager step runs on this thread (current_task asks for its Task), if any.</summary>
    [ThreadStatic]
    private static AsgiRequest? t_eager;

    private PyHeld _cycle;
    private PyHeld _handle;
    private nint _coroutine;
    private nint _stepContext;
    private bool _attached;
    private bool _inStep;
    private bool _taskDone;
    private bool _clientGone;
    private bool _waitingDrain;

    // A send from a pumped task was queued in the cycle (applied at the next step, in order): later ones queue too.
    private bool _sendsQueued;

    // A websocket.send from a pumped task left the output above its mark: the next step waits for the drain first.
    private bool _drainOnResume;
    private bool _continueQueued;
    private int _file = -1;
    private ILoopTimer? _closeTimer;
    private bool _fileQueued;

    public AsgiRequest(AsgiThread thread)
    {
        _thread = thread;
        _slot = Registry.Register(this);
    }

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <summary>
    /// Runs the app for <paramref name="context"/> and produces as much of the response as its first step does: the
    /// coroutine is stepped here (PyIter_Send in a copy of the thread's context), and handed to a Task (the Cycle's
    /// <c>hand_over</c>) only when it yields, that is when it awaits something other than a receive or send that
    /// completed at once.
    /// </summary>
    public ApplicationStep Start(RequestContext context, IResponseSink sink, PyBorrowed application, PyBorrowed scope)
    {
        _attached = true;
        _context = context;
        _sink = sink;
        _webSocket = context.WebSocket;
        _isWebSocket = _webSocket is not null;
        _handle.Adopt(CPython.PyLong_FromLong(RequestRegistry<AsgiRequest>.Encode(_slot, Generation)));
        using var receive = PyOwned.Steal(CPython.PyCFunction_NewEx(AsgiPython.ReceiveDefinition, _handle.Pointer, 0));
        using var send = PyOwned.Steal(CPython.PyCFunction_NewEx(AsgiPython.SendDefinition, _handle.Pointer, 0));
        using var stepContext = PyOwned.Steal(CPython.PyContext_CopyCurrent());
        if (_handle.IsEmpty || receive.IsNull || send.IsNull || stepContext.IsNull || CPython.PyContext_Enter(stepContext.Pointer) != 0)
        {
            _taskDone = true;
            return AfterApplicationError();
        }
        var arguments = stackalloc nint[3];
        arguments[0] = scope.Pointer;
        arguments[1] = receive.Pointer;
        arguments[2] = send.Pointer;
        _inStep = true;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var coroutine = PyOwned.Steal(CPython.Call(application.Pointer, arguments, 3));
        nint yielded = 0;
        var status = CPython.PYGEN_ERROR;
        if (!coroutine.IsNull)
        {
            _coroutine = coroutine.Pointer;
            _stepContext = stepContext.Pointer;
            t_eager = this;
            status = CPython.PyIter_Send(coroutine.Pointer, CPython.Py_None, &yielded);
            t_eager = null;
        }
        nint errorType = 0, errorValue = 0, errorTraceback = 0;
        CPython.PyErr_Fetch(&errorType, &errorValue, &errorTraceback);
        CPython.PyContext_Exit(stepContext.Pointer);
        _inStep = false;
        _thread.Pump.ReportIfSlow(started, _thread.ApplicationName, context, coroutine.Borrow());
        if (status != CPython.PYGEN_NEXT && !_cycle.IsEmpty)
        {
            // The step asked for its Task (current_task): that Task ends now, and the cycle is not needed any more.
            using var finished = PyOwned.Steal(CPython.CallOne(AsgiPython.EagerFinished.Pointer, _cycle.Pointer));
            if (finished.IsNull)
            {
                AsgiLog.InternalError(_thread.Logger, PythonErrors.TakeTraceback());
            }
            _cycle.Release();
        }
        CPython.PyErr_Restore(errorType, errorValue, errorTraceback);
        if (status == CPython.PYGEN_NEXT)
        {
            using var handedOver = PyOwned.Steal(HandOver(yielded));
            _coroutine = _stepContext = 0;
            if (handedOver.IsNull)
            {
                _taskDone = true;
                return AfterApplicationError();
            }
            return NextStep();
        }
        _coroutine = _stepContext = 0;
        _taskDone = true;
        if (status == CPython.PYGEN_ERROR)
        {
            return AfterApplicationError();
        }
        CPython.Py_DecRef(yielded);
        return NextStep();
    }

    /// <summary>The coroutine yielded <paramref name="yielded"/> (consumed): the cycle's Task goes on from there; 0 on error.</summary>
    private nint HandOver(nint yielded)
    {
        using var value = PyOwned.Steal(yielded);
        if (EnsureCycle() == 0)
        {
            return 0;
        }
        var arguments = stackalloc nint[2];
        arguments[0] = _cycle.Pointer;
        arguments[1] = value.Pointer;
        return CPython.Call(AsgiPython.HandOver.Pointer, arguments, 2);
    }

    /// <summary>The request's Cycle (made on first need: a wait, the Task, a hand-over), borrowed; 0 with an error set.</summary>
    private nint EnsureCycle()
    {
        if (_cycle.IsEmpty)
        {
            var arguments = stackalloc nint[4];
            arguments[0] = _handle.Pointer;
            arguments[1] = _thread.Loop.Pointer;
            arguments[2] = _coroutine == 0 ? CPython.Py_None : _coroutine;
            arguments[3] = _stepContext == 0 ? CPython.Py_None : _stepContext;
            var cycle = CPython.Call(AsgiPython.CycleType.Pointer, arguments, 4);
            if (cycle == 0)
            {
                return 0;
            }
            _cycle.Adopt(cycle);
        }
        return _cycle.Pointer;
    }

    /// <summary>
    /// <c>_asgi_eager(loop)</c>, from current_task: a new reference to the Cycle of the request whose eager step runs on
    /// this thread (made now if it has none yet), or None when no step runs here or <paramref name="loop"/> is not its loop.
    /// </summary>
    public static nint EagerCycle(nint loop)
    {
        var request = t_eager;
        return request is null || request._thread.Loop.Pointer != loop ? CPython.NewNone() : request.NewCycleReference();
    }

    /// <summary>A new reference to the request's Cycle, or 0 with an error set.</summary>
    public nint NewCycleReference()
    {
        var cycle = EnsureCycle();
        if (cycle != 0)
        {
            CPython.Py_IncRef(cycle);
        }
        return cycle;
    }

    /// <summary>receive(): a Ready of the next message, or the cycle's coroutine that waits for one.</summary>
    public nint ReceiveAwaitable()
    {
        var message = Receive();
        if (message == 0)
        {
            return 0;
        }
        if (message != CPython.Py_None)
        {
            return AsgiReady.New(message);
        }
        CPython.Py_DecRef(message);
        return EnsureCycle() == 0 ? 0 : CPython.CallMethod(_cycle.Pointer, AsgiPython.WaitReceive.Pointer);
    }

    /// <summary>send(message): a Ready of None once applied, or the cycle's coroutine that waits (drain, or a queued send).</summary>
    public nint SendAwaitable(nint message)
    {
        var code = Send(message);
        if (code == SendApplied)
        {
            return AsgiReady.NewNone();
        }
        if (code < 0 || EnsureCycle() == 0)
        {
            return 0;
        }
        if (code == SendWaitForDrain)
        {
            return CPython.CallMethod(_cycle.Pointer, AsgiPython.WaitDrain.Pointer);
        }
        var waiting = CPython.CallMethod(_cycle.Pointer, AsgiPython.Queue.Pointer, message);
        if (waiting != 0)
        {
            ContinueLater();
        }
        return waiting;
    }

    /// <inheritdoc />
    public ApplicationStep Resume(IResponseSink response)
    {
        if (!_attached)
        {
            throw new InvalidOperationException("This ASGI response already finished; a continuation is resumed at most until it completes.");
        }
        _sink = response;
        _continueQueued = false;
        if (_drainOnResume)
        {
            // The app's frames are in the output, above its mark: the connection sends them and resumes this step once
            // they drained (the app's waiter is released then, below).
            _drainOnResume = false;
            return ApplicationStep.Suspended;
        }
        if (!_cycle.IsEmpty)
        {
            _inStep = true;
            if (_waitingDrain)
            {
                _waitingDrain = false;
                if (_file >= 0 && !_complete)
                {
                    // A zerocopysend with more_body left: its copy of the descriptor is done with.
                    LibC.close(_file);
                    _file = -1;
                }
                CallCycle(AsgiPython.Drained);
            }
            CallCycle(AsgiPython.Flush);
            _sendsQueued = _waitingDrain;
            _inStep = false;
        }
        return NextStep();
    }

    /// <inheritdoc />
    public void Abort()
    {
        try
        {
            if (!_attached)
            {
                return;
            }
            _clientGone = true;
            _attached = false;
            _sink = null;
            _context = null;
            if (_webSocket is { } webSocket)
            {
                _closeStatus = webSocket.CloseStatus;
                _webSocket = null;
            }
            if (!_cycle.IsEmpty)
            {
                CallDisconnect();
            }
            if (_taskDone)
            {
                Release();
            }
            else if (_thread.ApplicationCloseTimeout > TimeSpan.Zero)
            {
                _closeTimer = _thread.Pump.StartTimer(_thread.ApplicationCloseTimeout, this);
            }
        }
        catch (Exception exception)
        {
            AsgiLog.InternalError(_thread.Logger, exception.ToString());
        }
    }

    /// <summary>--application-close-timeout ran out after the client left: the task is cancelled (its end frees the slot).</summary>
    public void OnTimer()
    {
        _closeTimer = null;
        if (_taskDone || _cycle.IsEmpty)
        {
            return;
        }
        AsgiLog.ApplicationCancelled(_thread.Logger, _thread.ApplicationCloseTimeout.TotalSeconds);
        using var cancelled = PyOwned.Steal(CPython.CallOne(AsgiPython.CancelTask.Pointer, _cycle.Pointer));
        if (cancelled.IsNull)
        {
            AsgiLog.InternalError(_thread.Logger, PythonErrors.TakeTraceback());
        }
    }

    /// <summary>The task ended (its done callback, in a pump): the response learns it at its next step, or the slot is freed.</summary>
    public void OnTaskDone()
    {
        _taskDone = true;
        if (_attached)
        {
            ContinueLater();
            return;
        }
        using (var outcome = PyOwned.Steal(CPython.CallOne(AsgiPython.TaskOutcome.Pointer, _cycle.Pointer)))
        {
            if (outcome.IsNull)
            {
                LogLateError();
            }
        }
        Release();
    }

    /// <summary>A send made outside the response's step waits in the cycle's outbox: the connection resumes the response after the pump.</summary>
    public void ContinueLater()
    {
        if (_attached && !_continueQueued)
        {
            _continueQueued = true;
            _thread.Pump.QueueContinue(this);
        }
    }

    /// <summary>From the pump, after it ran: the connection resumes the response (at once if it is pending).</summary>
    public void ContinueNow()
    {
        if (_attached)
        {
            _sink!.Continue();
        }
    }

    /// <summary>What the response does next, from what the app did so far.</summary>
    private ApplicationStep NextStep()
    {
        if (_complete)
        {
            if (_fileQueued)
            {
                _fileQueued = false;
                return ApplicationStep.Suspended;
            }
            Detach();
            return ApplicationStep.Completed;
        }
        if (_taskDone && _webSocket is { IsAccepted: true })
        {
            return EndAcceptedWebSocket();
        }
        if (_taskDone)
        {
            if (!_cycle.IsEmpty)
            {
                using var outcome = PyOwned.Steal(CPython.CallOne(AsgiPython.TaskOutcome.Pointer, _cycle.Pointer));
                if (outcome.IsNull)
                {
                    return AfterApplicationError();
                }
            }
            AsgiLog.ReturnedWithoutResponse(_thread.Logger, _started ? "completing" : "starting", Describe());
            Detach();
            return ApplicationStep.Failed;
        }
        return _waitingDrain ? ApplicationStep.Suspended : ApplicationStep.Pending;
    }

    /// <summary>The app raised (the error is pending): logged with the request; the response fails unless it was complete.</summary>
    private ApplicationStep AfterApplicationError()
    {
        AsgiLog.ApplicationFailed(_thread.Logger, Describe(), PythonErrors.TakeTraceback());
        if (_webSocket is { IsAccepted: true } webSocket && !_complete)
        {
            // ASGI WebSocket spec: an app exception after the accept closes the connection with 1011.
            webSocket.Close(Protocols.WebSocket.WebSocketCloseStatus.InternalError, default);
            _complete = true;
        }
        var complete = _complete;
        Detach();
        return complete ? ApplicationStep.Completed : ApplicationStep.Failed;
    }

    /// <summary>The response is over for the connection; the slot waits for the task, if it still runs.</summary>
    private void Detach()
    {
        _attached = false;
        _sink = null;
        _context = null;
        _webSocket = null;
        if (_receiveWaiting && !_cycle.IsEmpty)
        {
            _receiveWaiting = false;
            DeliverDisconnect();
        }
        if (_taskDone)
        {
            Release();
        }
    }

    private void Release()
    {
        Generation++;
        _closeTimer?.Cancel();
        _closeTimer = null;
        if (_file >= 0)
        {
            LibC.close(_file);
            _file = -1;
        }
        _cycle.Release();
        _handle.Release();
        _attached = _inStep = _taskDone = _clientGone = _waitingDrain = _continueQueued = _fileQueued = _sendsQueued = _drainOnResume = false;
        _started = _complete = _receiveWaiting = _bodyDone = false;
        ResetWebSocket();
        _thread.Return(this);
    }

    private void CallCycle(PyBorrowed method)
    {
        using var result = PyOwned.Steal(CPython.CallMethod(_cycle.Pointer, method.Pointer));
        if (result.IsNull)
        {
            AsgiLog.InternalError(_thread.Logger, PythonErrors.TakeTraceback());
        }
    }

    private void LogLateError()
    {
        if (_clientGone)
        {
            CPython.PyErr_Clear();
            return;
        }
        AsgiLog.ApplicationFailed(_thread.Logger, "after its response", PythonErrors.TakeTraceback());
    }

    private string Describe() => _context is null ? "?" : AsgiErrors.RequestLine(_context);
}
