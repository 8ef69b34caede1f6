using System.Runtime.InteropServices;
using Gantry.Python.Native;
using Gantry.Python.Runtime;

namespace Gantry.Python.Wsgi;

/// <summary>
/// The C functions Python calls: start_response, write, and the functions behind wsgi.input. They run on a
/// thread holding the GIL. Each one catches every .NET exception and turns it into a Python exception,
/// because an exception escaping an [UnmanagedCallersOnly] method ends the process.
/// </summary>
internal static unsafe class WsgiNativeFunctions
{
    private static ReadOnlySpan<byte> StaleRequest =>
        "this WSGI request is over: start_response, write and wsgi.input only work while the application handles its request"u8;

    /// <summary><c>start_response(status, response_headers, exc_info=None)</c>, METH_FASTCALL | METH_KEYWORDS.</summary>
    [UnmanagedCallersOnly]
    public static nint StartResponse(nint self, nint* arguments, nint count, nint keywordNames)
    {
        try
        {
            var request = Resolve(self);
            if (request is null)
            {
                return 0;
            }
            if (!WsgiArguments.TryBindStartResponse(arguments, count, keywordNames, out var status, out var headers, out var exceptionInfo))
            {
                return 0;
            }
            return request.StartResponse(new PyBorrowed(self), status, headers, exceptionInfo);
        }
        catch (Exception exception)
        {
            return CPython.RaiseInternalError(exception);
        }
    }

    /// <summary><c>write(data)</c>, METH_O: the legacy imperative output of PEP 3333.</summary>
    [UnmanagedCallersOnly]
    public static nint Write(nint self, nint data)
    {
        try
        {
            var request = Resolve(self);
            return request is null ? 0 : request.Write(new PyBorrowed(data));
        }
        catch (Exception exception)
        {
            return CPython.RaiseInternalError(exception);
        }
    }

    /// <summary><c>_input_read(handle, size=-1)</c>.</summary>
    [UnmanagedCallersOnly]
    public static nint InputRead(nint module, nint* arguments, nint count)
    {
        try
        {
            var request = ResolveInput(arguments, count, out var size);
            return request is null ? 0 : request.InputRead(size);
        }
        catch (Exception exception)
        {
            return CPython.RaiseInternalError(exception);
        }
    }

    /// <summary><c>_input_readline(handle, size=-1)</c>.</summary>
    [UnmanagedCallersOnly]
    public static nint InputReadLine(nint module, nint* arguments, nint count)
    {
        try
        {
            var request = ResolveInput(arguments, count, out var size);
            return request is null ? 0 : request.InputReadLine(size);
        }
        catch (Exception exception)
        {
            return CPython.RaiseInternalError(exception);
        }
    }

    /// <summary><c>_input_readlines(handle, hint=-1)</c>.</summary>
    [UnmanagedCallersOnly]
    public static nint InputReadLines(nint module, nint* arguments, nint count)
    {
        try
        {
            var request = ResolveInput(arguments, count, out var hint);
            return request is null ? 0 : request.InputReadLines(hint);
        }
        catch (Exception exception)
        {
            return CPython.RaiseInternalError(exception);
        }
    }

    private static WsgiRequest? ResolveInput(nint* arguments, nint count, out long size)
    {
        size = -1;
        if (count < 1 || count > 2)
        {
            CPython.Raise(CPython.PyExc_TypeError, "wsgi.input methods take at most one argument"u8);
            return null;
        }
        if (count == 2 && !WsgiArguments.TryGetSize(arguments[1], out size))
        {
            return null;
        }
        return Resolve(arguments[0]);
    }

    /// <summary>The live request a handle names, or null with RuntimeError set.</summary>
    private static WsgiRequest? Resolve(nint handle)
    {
        var value = CPython.PyLong_AsLong(handle);
        if (value == -1 && CPython.PyErr_Occurred() != 0)
        {
            return null;
        }
        var request = WsgiRequest.Registry.Find(value);
        if (request is null || !request.AcceptsCalls)
        {
            CPython.Raise(CPython.PyExc_RuntimeError, StaleRequest);
            return null;
        }
        return request;
    }
}
