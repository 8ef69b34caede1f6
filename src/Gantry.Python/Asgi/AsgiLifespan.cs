using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Asgi;

/// <summary>
/// ASGI lifespan 2.0 for one worker (AsgiPythonSource's <c>Lifespan</c>): startup runs to its answer on loop thread 0's
/// asyncio loop before the worker serves (the loop runs itself then: nothing else is going on); the lifespan task then
/// waits on that loop while requests are served, and shutdown runs when thread 0 detaches. uvicorn's
/// <c>--lifespan</c>: auto takes an app that raises before answering as not supporting lifespan; on makes that a failure;
/// a <c>lifespan.startup.failed</c> stops the worker either way (exit 22, so the master does not respawn it).
/// </summary>
internal sealed unsafe class AsgiLifespan
{
    private readonly ILogger _logger;
    private PyHeld _lifespan;
    private PyHeld _state;

    private AsgiLifespan(ILogger logger)
    {
        _logger = logger;
    }

    /// <summary>The state dict the app filled at startup (borrowed).</summary>
    public PyBorrowed State => _state.Borrow();

    /// <summary>Runs startup; null when the app does not support lifespan (auto). GIL held, main thread, loop not attached.</summary>
    /// <exception cref="PythonStartupException">Startup failed (exit code 22), with the app's message.</exception>
    public static AsgiLifespan? Start(PyBorrowed application, PyBorrowed loop, AsgiLifespanMode mode, ILogger logger)
    {
        var lifespan = new AsgiLifespan(logger);
        var arguments = stackalloc nint[3];
        arguments[0] = application.Pointer;
        arguments[1] = loop.Pointer;
        arguments[2] = mode == AsgiLifespanMode.On ? CPython.Py_True : CPython.Py_False;
        lifespan._lifespan.Adopt(CPython.Call(AsgiPython.LifespanType.Pointer, arguments, 3));
        if (lifespan._lifespan.IsEmpty)
        {
            throw Failed(PythonErrors.TakeTraceback());
        }
        using var outcome = PyOwned.Steal(CPython.CallMethod(lifespan._lifespan.Pointer, AsgiPython.Startup.Pointer));
        if (outcome.IsNull)
        {
            throw Failed(PythonErrors.TakeTraceback());
        }
        var (code, text) = Outcome(outcome.Borrow());
        if (code == 2)
        {
            throw Failed(text);
        }
        if (code == 1)
        {
            // uvicorn says only that; the exception's last line tells why (the whole traceback would look like a failure).
            AsgiLog.LifespanUnsupported(logger, text.TrimEnd().Split('\n')[^1]);
            lifespan.Release();
            return null;
        }
        using var state = PyOwned.Steal(CPython.PyObject_GetAttr(lifespan._lifespan.Pointer, AsgiPython.State.Pointer));
        lifespan._state.Hold(state.Borrow());
        AsgiLog.LifespanStarted(logger);
        return lifespan;
    }

    /// <summary>Sends lifespan.shutdown and waits for the answer, at most <paramref name="timeout"/> (thread 0, loop detached).</summary>
    public void Shutdown(TimeSpan timeout)
    {
        if (_lifespan.IsEmpty)
        {
            return;
        }
        using var seconds = PyOwned.Steal(CPython.PyFloat_FromDouble(timeout.TotalSeconds));
        using var outcome = PyOwned.Steal(CPython.CallMethod(_lifespan.Pointer, AsgiPython.Shutdown.Pointer, seconds.Pointer));
        if (outcome.IsNull)
        {
            AsgiLog.LifespanShutdownFailed(_logger, PythonErrors.TakeTraceback());
            return;
        }
        var (code, text) = Outcome(outcome.Borrow());
        if (code == 0)
        {
            AsgiLog.LifespanStopped(_logger);
        }
        else
        {
            AsgiLog.LifespanShutdownFailed(_logger, text);
        }
    }

    /// <summary>Releases the lifespan's objects (GIL held).</summary>
    public void Release()
    {
        _state.Release();
        _lifespan.Release();
    }

    private static (long Code, string Text) Outcome(PyBorrowed pair)
    {
        var code = CPython.PyLong_AsLong(CPython.PyTuple_GetItem(pair.Pointer, 0));
        var text = PythonErrors.ToText(new PyBorrowed(CPython.PyTuple_GetItem(pair.Pointer, 1))) ?? "";
        return (code, text);
    }

    private static PythonStartupException Failed(string message) =>
        new($"ASGI lifespan startup failed: {message}", PythonStartupException.FailedApplicationExitCode);
}
