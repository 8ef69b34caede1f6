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
    private readonly AsgiThread _thread;
    private readonly int _slot;
    private RequestContext? _context;
    private IResponseSink? _sink;
    private PyHeld _cycle;
    private bool _attached;
    private bool _inStep;
    private bool _taskDone;
    private bool _clientGone;
    private bool _waitingDrain;
    private bool _continueQueued;
    private int _file = -1;
    private ILoopTimer? _closeTimer;
    private bool _fileQueued;

    public AsgiRequest(AsgiThread thread)
    {
        _thread = thread;
        _slot = RequestRegistry<AsgiRequest>.Register(this);
    }

    /// <inheritdoc />
    public int Generation { get; private set; }

    /// <summary>Runs the app for <paramref name="context"/> and produces as much of the response as its first step does.</summary>
    public ApplicationStep Start(RequestContext context, IResponseSink sink, PyBorrowed application, PyBorrowed scope)
    {
        _attached = true;
        _context = context;
        _sink = sink;
        _webSocket = context.WebSocket;
        _isWebSocket = _webSocket is not null;
        using var handle = PyOwned.Steal(CPython.PyLong_FromLong(RequestRegistry<AsgiRequest>.Encode(_slot, Generation)));
        var arguments = stackalloc nint[4];
        arguments[0] = application.Pointer;
        arguments[1] = scope.Pointer;
        arguments[2] = handle.Pointer;
        arguments[3] = _thread.Loop.Pointer;
        _inStep = true;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = CPython.Call(AsgiPython.RunHttp.Pointer, arguments, 4);
        _thread.Pump.ReportIfSlow(started, _thread.ApplicationName, context);
        _inStep = false;
        if (result == 0)
        {
            _taskDone = true;
            return AfterApplicationError();
        }
        if (result == CPython.Py_None)
        {
            CPython.Py_DecRef(result);
            _taskDone = true;
        }
        else
        {
            _cycle.Adopt(result);
        }
        return NextStep();
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
        if (!_cycle.IsEmpty)
        {
            _inStep = true;
            if (_waitingDrain)
            {
                _waitingDrain = false;
                CallCycle(AsgiPython.Drained);
            }
            CallCycle(AsgiPython.Flush);
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
        _attached = _inStep = _taskDone = _clientGone = _waitingDrain = _continueQueued = _fileQueued = false;
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
