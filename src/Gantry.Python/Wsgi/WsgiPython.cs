using Gantry.Python.Native;
using Gantry.Python.Runtime;

namespace Gantry.Python.Wsgi;

/// <summary>
/// The Python objects every WSGI thread shares, created once at start-up and kept until finalization:
/// the C function definitions (start_response, write, the wsgi.input functions), the InputStream and
/// FileWrapper classes, and interned names.
/// </summary>
internal static unsafe class WsgiPython
{
    private static PyHeld _closeName;

    /// <summary>The definition start_response objects are made from (self = the request's handle).</summary>
    public static PyMethodDefinition* StartResponseDefinition { get; private set; }

    /// <summary>The definition of the write() callable start_response returns (self = the request's handle).</summary>
    public static PyMethodDefinition* WriteDefinition { get; private set; }

    /// <summary>_gantry.InputStream (borrowed from the module).</summary>
    public static PyBorrowed InputStreamType { get; private set; }

    /// <summary>_gantry.FileWrapper, which is wsgi.file_wrapper (borrowed from the module).</summary>
    public static PyBorrowed FileWrapperType { get; private set; }

    /// <summary>_gantry.sendfile_range (borrowed from the module).</summary>
    public static PyBorrowed SendfileRange { get; private set; }

    /// <summary>type(iter([])) (borrowed from the module).</summary>
    public static PyBorrowed ListIteratorType { get; private set; }

    /// <summary>type(iter(())) (borrowed from the module).</summary>
    public static PyBorrowed TupleIteratorType { get; private set; }

    /// <summary>The interned str "close".</summary>
    public static PyBorrowed CloseName => _closeName.Borrow();

    /// <summary>True once <see cref="Initialize"/> ran.</summary>
    public static bool IsInitialized => StartResponseDefinition != null;

    /// <summary>Loads the WSGI helpers into _gantry. Start-up, GIL held, after the runtime helpers.</summary>
    public static void Initialize()
    {
        if (IsInitialized)
        {
            return;
        }
        GantryModule.Run(WsgiPythonSource.Code);
        AddFunction("_input_read"u8, (delegate* unmanaged<nint, nint*, nint, nint>)&WsgiNativeFunctions.InputRead);
        AddFunction("_input_readline"u8, (delegate* unmanaged<nint, nint*, nint, nint>)&WsgiNativeFunctions.InputReadLine);
        AddFunction("_input_readlines"u8, (delegate* unmanaged<nint, nint*, nint, nint>)&WsgiNativeFunctions.InputReadLines);
        InputStreamType = GantryModule.Get("InputStream"u8);
        FileWrapperType = GantryModule.Get("FileWrapper"u8);
        SendfileRange = GantryModule.Get("sendfile_range"u8);
        ListIteratorType = GantryModule.Get("list_iterator"u8);
        TupleIteratorType = GantryModule.Get("tuple_iterator"u8);
        fixed (byte* close = "close"u8)
        {
            _closeName.Adopt(CPython.PyUnicode_InternFromString(close));
        }
        WriteDefinition = PyMethodDefinition.AllocatePermanent(
            "write"u8, (delegate* unmanaged<nint, nint, nint>)&WsgiNativeFunctions.Write, PyMethodDefinition.METH_O);
        StartResponseDefinition = PyMethodDefinition.AllocatePermanent(
            "start_response"u8,
            (delegate* unmanaged<nint, nint*, nint, nint, nint>)&WsgiNativeFunctions.StartResponse,
            PyMethodDefinition.METH_FASTCALL | PyMethodDefinition.METH_KEYWORDS);
    }

    private static void AddFunction(ReadOnlySpan<byte> name, delegate* unmanaged<nint, nint*, nint, nint> function)
    {
        var definition = PyMethodDefinition.AllocatePermanent(name, function, PyMethodDefinition.METH_FASTCALL);
        using var callable = PyOwned.Steal(CPython.PyCFunction_NewEx(definition, 0, 0));
        if (callable.IsNull)
        {
            throw new PythonStartupException("Cannot create the wsgi.input functions:\n" + PythonErrors.TakeTraceback());
        }
        GantryModule.Set(name, callable.Borrow());
    }
}
