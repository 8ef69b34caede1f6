using Gantry.Python.Native;
using Gantry.Python.Runtime;

namespace Gantry.Python.Asgi;

/// <summary>
/// The Python objects every ASGI thread shares, created once at start-up and kept until finalization: the C functions
/// the helpers call, the helpers themselves (AsgiPythonSource), and interned names and message types.
/// </summary>
internal static unsafe class AsgiPython
{
    private static PyHeld[] _names = [];

    /// <summary>The definition of each thread's wake function (self = the thread's index).</summary>
    public static PyMethodDefinition* WakeDefinition { get; private set; }

    /// <summary>A request's receive (self = its handle), bound per request with PyCFunction_NewEx.</summary>
    public static PyMethodDefinition* ReceiveDefinition { get; private set; }

    /// <summary>A request's send (self = its handle).</summary>
    public static PyMethodDefinition* SendDefinition { get; private set; }

    public static PyBorrowed NewEventLoop { get; private set; }
    public static PyBorrowed CycleType { get; private set; }
    public static PyBorrowed EagerFinished { get; private set; }
    public static PyBorrowed HandOver { get; private set; }
    public static PyBorrowed TaskOutcome { get; private set; }
    public static PyBorrowed CancelTask { get; private set; }
    public static PyBorrowed LifespanType { get; private set; }
    public static PyBorrowed ClientDisconnected { get; private set; }

    /// <summary>An http.request message with an empty body and no more_body, which each receive copies.</summary>
    public static PyBorrowed RequestTemplate { get; private set; }

    public static PyBorrowed Type => _names[0].Borrow();
    public static PyBorrowed Body => _names[1].Borrow();
    public static PyBorrowed MoreBody => _names[2].Borrow();
    public static PyBorrowed Status => _names[3].Borrow();
    public static PyBorrowed Headers => _names[4].Borrow();
    public static PyBorrowed Path => _names[5].Borrow();
    public static PyBorrowed HttpRequest => _names[6].Borrow();
    public static PyBorrowed HttpDisconnect => _names[7].Borrow();
    public static PyBorrowed GantryPump => _names[8].Borrow();
    public static PyBorrowed Deliver => _names[9].Borrow();
    public static PyBorrowed Drained => _names[10].Borrow();
    public static PyBorrowed Flush => _names[11].Borrow();
    public static PyBorrowed Disconnect => _names[12].Borrow();
    public static PyBorrowed GantryAttach => _names[13].Borrow();
    public static PyBorrowed GantryClose => _names[14].Borrow();
    public static PyBorrowed Startup => _names[15].Borrow();
    public static PyBorrowed Shutdown => _names[16].Borrow();
    public static PyBorrowed State => _names[17].Borrow();
    public static PyBorrowed GantryDetach => _names[18].Borrow();
    public static PyBorrowed Fileno => _names[19].Borrow();
    public static PyBorrowed Selector => _names[20].Borrow();
    public static PyBorrowed WebSocketConnect => _names[21].Borrow();
    public static PyBorrowed WebSocketReceive => _names[22].Borrow();
    public static PyBorrowed WebSocketDisconnect => _names[23].Borrow();
    public static PyBorrowed Text => _names[24].Borrow();
    public static PyBorrowed Bytes => _names[25].Borrow();
    public static PyBorrowed Code => _names[26].Borrow();
    public static PyBorrowed Reason => _names[27].Borrow();
    public static PyBorrowed Subprotocol => _names[28].Borrow();
    public static PyBorrowed WaitReceive => _names[29].Borrow();
    public static PyBorrowed WaitDrain => _names[30].Borrow();
    public static PyBorrowed Queue => _names[31].Borrow();
    public static PyBorrowed Qualname => _names[32].Borrow();
    public static PyBorrowed GantryDescribe => _names[33].Borrow();
    public static PyBorrowed File => _names[34].Borrow();
    public static PyBorrowed Offset => _names[35].Borrow();
    public static PyBorrowed Count => _names[36].Borrow();

    /// <summary>True once <see cref="Initialize"/> ran.</summary>
    public static bool IsInitialized => WakeDefinition != null;

    /// <summary>Loads the ASGI helpers into _gantry. Start-up, GIL held, after the runtime helpers.</summary>
    public static void Initialize()
    {
        if (IsInitialized)
        {
            return;
        }
        AsgiReady.Initialize();
        AddFunction("_asgi_eager"u8, (delegate* unmanaged<nint, nint, nint>)&AsgiNativeFunctions.Eager);
        AddFunction("_asgi_done"u8, (delegate* unmanaged<nint, nint, nint>)&AsgiNativeFunctions.TaskDone);
        var send = PyMethodDefinition.AllocatePermanent(
            "_asgi_send"u8, (delegate* unmanaged<nint, nint*, nint, nint>)&AsgiNativeFunctions.Send, PyMethodDefinition.METH_FASTCALL);
        SetFunction("_asgi_send"u8, send);
        GantryModule.Run(AsgiPythonSource.Code);
        NewEventLoop = GantryModule.Get("new_event_loop"u8);
        CycleType = GantryModule.Get("Cycle"u8);
        EagerFinished = GantryModule.Get("eager_finished"u8);
        HandOver = GantryModule.Get("hand_over"u8);
        TaskOutcome = GantryModule.Get("task_outcome"u8);
        CancelTask = GantryModule.Get("cancel_task"u8);
        LifespanType = GantryModule.Get("Lifespan"u8);
        ClientDisconnected = GantryModule.Get("ClientDisconnected"u8);
        RequestTemplate = GantryModule.Get("_REQUEST_TEMPLATE"u8);
        string[] names =
        [
            "type", "body", "more_body", "status", "headers", "path", "http.request", "http.disconnect", "gantry_pump",
            "deliver", "drained", "flush", "disconnect", "gantry_attach", "gantry_close", "startup", "shutdown", "state",
            "gantry_detach", "fileno", "_selector", "websocket.connect", "websocket.receive", "websocket.disconnect", "text",
            "bytes", "code", "reason", "subprotocol", "wait_receive", "wait_drain", "queue", "__qualname__", "gantry_describe", "file", "offset", "count",
        ];
        _names = new PyHeld[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            fixed (byte* text = System.Text.Encoding.UTF8.GetBytes(names[i] + "\0"))
            {
                _names[i].Adopt(CPython.PyUnicode_InternFromString(text));
            }
        }
        ReceiveDefinition = PyMethodDefinition.AllocatePermanent(
            "receive"u8, (delegate* unmanaged<nint, nint, nint>)&AsgiNativeFunctions.Receive, PyMethodDefinition.METH_NOARGS);
        SendDefinition = PyMethodDefinition.AllocatePermanent(
            "send"u8, (delegate* unmanaged<nint, nint, nint>)&AsgiNativeFunctions.SendBound, PyMethodDefinition.METH_O);
        WakeDefinition = PyMethodDefinition.AllocatePermanent(
            "_asgi_wake"u8, (delegate* unmanaged<nint, nint, nint>)&AsgiNativeFunctions.Wake, PyMethodDefinition.METH_NOARGS);
    }

    private static void AddFunction(ReadOnlySpan<byte> name, delegate* unmanaged<nint, nint, nint> function) =>
        SetFunction(name, PyMethodDefinition.AllocatePermanent(name, function, PyMethodDefinition.METH_O));

    private static void SetFunction(ReadOnlySpan<byte> name, PyMethodDefinition* definition)
    {
        using var callable = PyOwned.Steal(CPython.PyCFunction_NewEx(definition, 0, 0));
        if (callable.IsNull)
        {
            throw new PythonStartupException("Cannot create the ASGI host's functions:\n" + PythonErrors.TakeTraceback());
        }
        GantryModule.Set(name, callable.Borrow());
    }
}
