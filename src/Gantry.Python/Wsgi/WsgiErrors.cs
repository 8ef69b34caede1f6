using System.Text;
using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Wsgi;

/// <summary>Error paths of the WSGI host: clear messages for the application's mistakes, and the error log line.</summary>
internal static unsafe class WsgiErrors
{
    /// <summary>TypeError naming what had to be bytes and what it was instead.</summary>
    public static nint RaiseNotBytes(string what, PyBorrowed value)
    {
        CPython.PyErr_Clear();
        return CPython.Raise(CPython.PyExc_TypeError, $"WSGI {what} must be bytes (PEP 3333), not {TypeName(value)}");
    }

    /// <summary>The name of a value's type (error paths).</summary>
    public static string TypeName(PyBorrowed value)
    {
        using var type = PyOwned.Steal(CPython.PyObject_Type(value.Pointer));
        fixed (byte* name = "__name__"u8)
        {
            using var text = PyOwned.Steal(CPython.PyObject_GetAttrString(type.Pointer, name));
            var result = text.IsNull ? null : PythonErrors.ToText(text.Borrow());
            CPython.PyErr_Clear();
            return result ?? "?";
        }
    }

    /// <summary>Logs the pending Python exception with the request line, in one log call, and clears it.</summary>
    public static void LogApplicationError(ILogger logger, RequestContext? context)
    {
        var traceback = PythonErrors.TakeTraceback();
        var method = "?";
        var path = "?";
        if (context is not null)
        {
            if (context.Variables.TryGetValue("REQUEST_METHOD"u8, out var methodBytes))
            {
                method = Encoding.Latin1.GetString(methodBytes);
            }
            if (context.Variables.TryGetValue("PATH_INFO"u8, out var pathBytes))
            {
                path = Encoding.Latin1.GetString(pathBytes);
            }
        }
        PythonLog.ApplicationFailed(logger, method, path, traceback);
    }
}
