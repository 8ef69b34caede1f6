using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Runtime;

namespace Gantry.Python.Wsgi;

/// <summary>
/// Builds the environ dict (PEP 3333 "environ Variables"): a copy of a template holding the constant wsgi.*
/// items, then the front's CGI variables (latin-1 bytes → str, keys interned and cached), the defaults PEP 3333
/// requires when the front sent no such key, and wsgi.input. One per WSGI thread.
/// </summary>
internal sealed unsafe class WsgiEnvironBuilder
{
    private const int RequestMethod = 1, ScriptName = 2, PathInfo = 4, QueryString = 8, ServerName = 16, ServerPort = 32, ServerProtocol = 64;

    private static readonly (byte[] Key, int Bit, byte[] Default)[] RequiredKeys =
    [
        ("REQUEST_METHOD"u8.ToArray(), RequestMethod, "GET"u8.ToArray()),
        ("SCRIPT_NAME"u8.ToArray(), ScriptName, []),
        ("PATH_INFO"u8.ToArray(), PathInfo, []),
        ("QUERY_STRING"u8.ToArray(), QueryString, []),
        ("SERVER_NAME"u8.ToArray(), ServerName, "localhost"u8.ToArray()),
        ("SERVER_PORT"u8.ToArray(), ServerPort, "80"u8.ToArray()),
        ("SERVER_PROTOCOL"u8.ToArray(), ServerProtocol, "HTTP/1.1"u8.ToArray()),
    ];

    private const int AllRequired = RequestMethod | ScriptName | PathInfo | QueryString | ServerName | ServerPort | ServerProtocol;

    private readonly WsgiEnvironKeyCache _keys = new();
    private readonly WsgiEnvironKey[] _required = new WsgiEnvironKey[RequiredKeys.Length];
    private PyHeld _template;
    private PyHeld _urlSchemeKey;
    private PyHeld _https;
    private PyHeld _httpsPort;
    private PyHeld _inputKey;
    private PyHeld _handleName;
    private PyHeld _emptyTuple;

    /// <summary>Creates the template and the cached keys. GIL held.</summary>
    /// <param name="multithread">wsgi.multithread.</param>
    /// <param name="multiprocess">wsgi.multiprocess.</param>
    /// <param name="fileWrapper">False leaves wsgi.file_wrapper out (uWSGI wsgi-disable-file-wrapper).</param>
    public WsgiEnvironBuilder(bool multithread, bool multiprocess, bool fileWrapper = true)
    {
        for (var i = 0; i < RequiredKeys.Length; i++)
        {
            _required[i] = _keys.Get(RequiredKeys[i].Key, RequiredKeys[i].Bit) ?? throw Failure();
        }
        _urlSchemeKey.Adopt(Intern("wsgi.url_scheme"u8));
        _inputKey.Adopt(Intern("wsgi.input"u8));
        _handleName.Adopt(Intern("_handle"u8));
        _emptyTuple.Adopt(CPython.PyTuple_New(0));
        _https.Adopt(Intern("https"u8));
        _httpsPort.Adopt(Intern("443"u8));
        _template.Adopt(CPython.PyDict_New());

        using var version = PyOwned.Steal(CPython.PyTuple_New(2));
        CPython.PyTuple_SetItem(version.Pointer, 0, CPython.PyLong_FromLong(1));
        CPython.PyTuple_SetItem(version.Pointer, 1, CPython.PyLong_FromLong(0));
        using var http = PyOwned.Steal(Intern("http"u8));
        fixed (byte* stderrName = "stderr"u8)
        {
            SetConstant("wsgi.errors"u8, new PyBorrowed(CPython.PySys_GetObject(stderrName)));
        }
        SetConstant("wsgi.version"u8, version.Borrow());
        SetConstant("wsgi.url_scheme"u8, http.Borrow());
        SetConstant("wsgi.multithread"u8, new PyBorrowed(multithread ? CPython.Py_True : CPython.Py_False));
        SetConstant("wsgi.multiprocess"u8, new PyBorrowed(multiprocess ? CPython.Py_True : CPython.Py_False));
        SetConstant("wsgi.run_once"u8, new PyBorrowed(CPython.Py_False));
        if (fileWrapper)
        {
            SetConstant("wsgi.file_wrapper"u8, WsgiPython.FileWrapperType);
        }
        SetConstant("wsgi.input_terminated"u8, new PyBorrowed(CPython.Py_True));
    }

    /// <summary>A new environ for <paramref name="context"/>, or null with a Python error set.</summary>
    /// <param name="handle">The request's handle, which wsgi.input carries.</param>
    public PyOwned Build(RequestContext context, PyBorrowed handle)
    {
        var environ = PyOwned.Steal(CPython.PyDict_Copy(_template.Pointer));
        if (environ.IsNull)
        {
            return environ;
        }
        var variables = context.Variables;
        var present = 0;
        for (var i = 0; i < variables.Count; i++)
        {
            var key = _keys.Get(variables.KeyAt(i));
            bool stored;
            if (key is not null)
            {
                present |= key.RequiredBit;
                stored = SetNew(environ.Pointer, key.KeyObject, key.NewValue(variables.ValueAt(i)));
            }
            else
            {
                using var uncachedKey = PyOwned.Steal(CPython.NewLatin1String(variables.KeyAt(i)));
                stored = !uncachedKey.IsNull && SetNew(environ.Pointer, uncachedKey.Pointer, CPython.NewLatin1String(variables.ValueAt(i)));
            }
            if (!stored)
            {
                environ.Dispose();
                return environ;
            }
        }
        if ((present != AllRequired && !AddDefaults(environ.Pointer, present, context.IsHttps))
            || (context.IsHttps && CPython.PyDict_SetItem(environ.Pointer, _urlSchemeKey.Pointer, _https.Pointer) != 0)
            || !AddInput(environ.Pointer, handle))
        {
            environ.Dispose();
        }
        return environ;
    }

    /// <summary>Releases the template and cached objects (GIL held).</summary>
    public void Release()
    {
        _keys.Release();
        _template.Release();
        _urlSchemeKey.Release();
        _inputKey.Release();
        _handleName.Release();
        _emptyTuple.Release();
        _https.Release();
        _httpsPort.Release();
    }

    private bool AddDefaults(nint environ, int present, bool https)
    {
        for (var i = 0; i < RequiredKeys.Length; i++)
        {
            if ((present & RequiredKeys[i].Bit) != 0)
            {
                continue;
            }
            var key = _required[i];
            nint value;
            if (https && RequiredKeys[i].Bit == ServerPort)
            {
                CPython.Py_IncRef(_httpsPort.Pointer);
                value = _httpsPort.Pointer;
            }
            else
            {
                value = key.NewValue(RequiredKeys[i].Default);
            }
            if (!SetNew(environ, key.KeyObject, value))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// wsgi.input = InputStream with _handle set, made without running its Python __init__ (PyType_GenericNew is
    /// object.__new__): a Python-level constructor call was a sixth of the hello app's cost.
    /// </summary>
    private bool AddInput(nint environ, PyBorrowed handle)
    {
        using var input = PyOwned.Steal(CPython.PyType_GenericNew(WsgiPython.InputStreamType.Pointer, _emptyTuple.Pointer, 0));
        return !input.IsNull
            && CPython.PyObject_SetAttr(input.Pointer, _handleName.Pointer, handle.Pointer) == 0
            && CPython.PyDict_SetItem(environ, _inputKey.Pointer, input.Pointer) == 0;
    }

    /// <summary>Stores a new reference under a borrowed key and releases the value's reference.</summary>
    private static bool SetNew(nint environ, nint key, nint newValue)
    {
        if (newValue == 0)
        {
            return false;
        }
        var status = CPython.PyDict_SetItem(environ, key, newValue);
        CPython.Py_DecRef(newValue);
        return status == 0;
    }

    private void SetConstant(ReadOnlySpan<byte> key, PyBorrowed value)
    {
        using var keyObject = PyOwned.Steal(Intern(key));
        if (keyObject.IsNull || value.IsNull || CPython.PyDict_SetItem(_template.Pointer, keyObject.Pointer, value.Pointer) != 0)
        {
            throw Failure();
        }
    }

    private static nint Intern(ReadOnlySpan<byte> text)
    {
        var created = CPython.NewLatin1String(text);
        if (created != 0)
        {
            CPython.PyUnicode_InternInPlace(&created);
        }
        return created;
    }

    private static PythonStartupException Failure() => new("Cannot build the WSGI environ template:\n" + PythonErrors.TakeTraceback());
}
