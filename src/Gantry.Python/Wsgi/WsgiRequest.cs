using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Runtime;

namespace Gantry.Python.Wsgi;

/// <summary>
/// One request slot of a WSGI thread: runs the application for a request and walks its response, pausing when
/// the sink is full (it is then the <see cref="IResponseContinuation"/> the server resumes). Slots are reused;
/// the Python objects handed to the application (start_response, write, wsgi.input) carry the slot's handle,
/// which goes stale when the response finishes. Owned by its <see cref="WsgiThread"/> and used only on it.
/// </summary>
internal sealed unsafe partial class WsgiRequest : IResponseContinuation, IRegisteredRequest
{
    /// <summary>The handles of every WSGI request slot of the process.</summary>
    public static readonly RequestRegistry<WsgiRequest> Registry = new();

    private readonly WsgiThread _thread;
    private readonly int _slot;
    private RequestContext? _context;
    private IResponseSink? _sink;
    private PyHeld _result;
    private PyHeld _iterator;
    private WsgiResponseShape _shape;
    private nint _position;
    private bool _active;
    private bool _inPython;
    private bool _headersStarted;
    private bool _bodyStarted;
    private bool _clientGone;
    private long _contentLength = -1;

    public WsgiRequest(WsgiThread thread)
    {
        _thread = thread;
        _slot = Registry.Register(this);
    }

    /// <summary>Bumped when a response finishes, so handles given out for it stop matching.</summary>
    public int Generation { get; private set; }

    /// <summary>
    /// True while the loop thread is inside a Python call made for this request. Only then may Python code
    /// (on the loop thread, or on an application thread while the loop thread waits inside Python) call
    /// start_response, write or wsgi.input: the loop thread is not touching the sink or the body meanwhile.
    /// </summary>
    public bool AcceptsCalls => _inPython;

    /// <summary>Calls the application for <paramref name="context"/> and produces as much of the response as the sink takes.</summary>
    public ApplicationStep Start(RequestContext context, IResponseSink sink, PyBorrowed application)
    {
        _active = true;
        _context = context;
        _sink = sink;
        using var handle = PyOwned.Steal(CPython.PyLong_FromLong(RequestRegistry<WsgiRequest>.Encode(_slot, Generation)));
        if (handle.IsNull)
        {
            return Fail();
        }
        nint result;
        {
            using var environ = _thread.Environ.Build(context, handle.Borrow());
            using var startResponse = PyOwned.Steal(environ.IsNull ? 0 : CPython.PyCFunction_NewEx(WsgiPython.StartResponseDefinition, handle.Pointer, 0));
            using var arguments = PyOwned.Steal(startResponse.IsNull ? 0 : CPython.PyTuple_New(2));
            if (arguments.IsNull)
            {
                return Fail();
            }
            CPython.Py_IncRef(environ.Pointer);
            CPython.PyTuple_SetItem(arguments.Pointer, 0, environ.Pointer);
            CPython.Py_IncRef(startResponse.Pointer);
            CPython.PyTuple_SetItem(arguments.Pointer, 1, startResponse.Pointer);
            _inPython = true;
            result = CPython.PyObject_Call(application.Pointer, arguments.Pointer, 0);
            _inPython = false;
        }
        if (result == 0)
        {
            return Fail();
        }
        _result.Adopt(result);
        return BeginResponse();
    }

    /// <inheritdoc />
    public ApplicationStep Resume(IResponseSink response)
    {
        if (!_active)
        {
            throw new InvalidOperationException("This WSGI response already finished; a continuation is resumed at most until it completes.");
        }
        _sink = response;
        return Produce();
    }

    /// <inheritdoc />
    public void Abort()
    {
        try
        {
            if (!_active)
            {
                return;
            }
            _clientGone = true;
            CloseResult();
            Finish();
        }
        catch (Exception exception)
        {
            PythonLog.CloseFailed(_thread.Logger, exception.ToString());
        }
    }

    /// <summary>
    /// Ends the response: handles go stale first (so Python code that runs while references drop cannot reach
    /// this slot), then everything held is released and the slot returns to its thread.
    /// </summary>
    private void Finish()
    {
        Generation++;
        _inPython = false;
        _iterator.Release();
        _result.Release();
        _active = false;
        _headersStarted = false;
        _bodyStarted = false;
        _clientGone = false;
        _contentLength = -1;
        _position = 0;
        _shape = WsgiResponseShape.Iterator;
        _sink = null;
        _context = null;
        _thread.Return(this);
    }
}
