using Gantry.Python.Native;

namespace Gantry.Python.Runtime;

/// <summary>
/// One loop thread's hold on the interpreter. The thread holds the GIL from attach to detach, except between
/// <see cref="EnterWait"/> and <see cref="LeaveWait"/> (around epoll_wait), so threads the application started
/// run while the loop waits. Creating a thread state per call costs ~30 µs, so each loop thread keeps one.
/// </summary>
internal sealed unsafe class PythonThreadState
{
    private readonly PythonInterpreter? _interpreter;
    private readonly int _gilState;
    private readonly bool _ownsGilState;
    private nint _waitingState;
    private bool _detached;

    private PythonThreadState(PythonInterpreter? interpreter, int gilState, bool ownsGilState)
    {
        _interpreter = interpreter;
        _gilState = gilState;
        _ownsGilState = ownsGilState;
    }

    /// <summary>The main thread takes back the thread state the interpreter was initialised with.</summary>
    public static PythonThreadState AttachMain(PythonInterpreter interpreter)
    {
        interpreter.AcquireMainThread();
        return new PythonThreadState(interpreter, 0, ownsGilState: false);
    }

    /// <summary>Another thread gets a thread state of its own (PyGILState_Ensure registers it for this OS thread).</summary>
    public static PythonThreadState AttachOther() => new(null, CPython.PyGILState_Ensure(), ownsGilState: true);

    /// <summary>A thread that already holds the GIL (tests): waits release it, detaching leaves it held.</summary>
    public static PythonThreadState ForCurrentHolder() => new(null, 0, ownsGilState: false);

    /// <summary>True between <see cref="EnterWait"/> and <see cref="LeaveWait"/>: the thread must not touch Python.</summary>
    public bool IsWaiting => _waitingState != 0;

    /// <summary>Releases the GIL before the loop blocks.</summary>
    public void EnterWait()
    {
        if (_waitingState == 0)
        {
            _waitingState = CPython.PyEval_SaveThread();
        }
    }

    /// <summary>Takes the GIL back after the loop woke up.</summary>
    public void LeaveWait()
    {
        var state = _waitingState;
        if (state != 0)
        {
            _waitingState = 0;
            CPython.PyEval_RestoreThread(state);
        }
    }

    /// <summary>Gives the thread up: the main thread parks its state for Shutdown; others delete theirs.</summary>
    public void Detach()
    {
        if (_detached)
        {
            return;
        }
        _detached = true;
        LeaveWait();
        if (_interpreter is not null)
        {
            _interpreter.ReleaseMainThread();
        }
        else if (_ownsGilState)
        {
            CPython.PyGILState_Release(_gilState);
        }
    }
}
