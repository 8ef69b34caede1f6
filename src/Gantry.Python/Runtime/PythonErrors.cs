using System.Text;
using Gantry.Python.Native;

namespace Gantry.Python.Runtime;

/// <summary>
/// Turns the pending Python exception into text for the log, and clears it: after this the thread is clean
/// and can serve the next request. Error paths only (allocates .NET strings).
/// </summary>
internal static unsafe class PythonErrors
{
    private static nint _formatter;

    /// <summary>Remembers _gantry.format_exception (borrowed from the module) once the helpers are loaded.</summary>
    public static void UseFormatter(PyBorrowed formatter) => _formatter = formatter.Pointer;

    /// <summary>
    /// The pending exception formatted by the traceback module ("Traceback (most recent call last): …"), or a
    /// placeholder when none is pending. Always leaves no exception pending.
    /// </summary>
    public static string TakeTraceback()
    {
        if (CPython.PyErr_Occurred() == 0)
        {
            return "(no Python exception was set)";
        }
        nint type, value, traceback;
        CPython.PyErr_Fetch(&type, &value, &traceback);
        CPython.PyErr_NormalizeException(&type, &value, &traceback);
        using var ownedType = PyOwned.Steal(type);
        using var ownedValue = PyOwned.Steal(value);
        using var ownedTraceback = PyOwned.Steal(traceback);
        var text = Format(ownedType.Borrow(), ownedValue.Borrow(), ownedTraceback.Borrow());
        CPython.PyErr_Clear();
        return text;
    }

    /// <summary>UTF-8 text of a str (error paths), or null when it is not a str.</summary>
    public static string? ToText(PyBorrowed text)
    {
        nint length;
        var utf8 = CPython.PyUnicode_AsUTF8AndSize(text.Pointer, &length);
        if (utf8 == null)
        {
            CPython.PyErr_Clear();
            return null;
        }
        return Encoding.UTF8.GetString(utf8, (int)length);
    }

    private static string Format(PyBorrowed type, PyBorrowed value, PyBorrowed traceback)
    {
        if (_formatter != 0)
        {
            using var arguments = PyOwned.Steal(CPython.PyTuple_New(3));
            SetArgument(arguments.Borrow(), 0, type);
            SetArgument(arguments.Borrow(), 1, value);
            SetArgument(arguments.Borrow(), 2, traceback);
            using var formatted = PyOwned.Steal(CPython.PyObject_CallObject(_formatter, arguments.Pointer));
            var text = formatted.IsNull ? null : ToText(formatted.Borrow());
            if (text is not null)
            {
                return text.TrimEnd('\n');
            }
            CPython.PyErr_Clear();
        }
        // The formatter itself failed (or is not loaded yet): str(value) is the best left.
        using var message = PyOwned.Steal(value.IsNull ? 0 : CPython.PyObject_Str(value.Pointer));
        var fallback = message.IsNull ? null : ToText(message.Borrow());
        CPython.PyErr_Clear();
        return fallback ?? "(the Python exception could not be formatted)";
    }

    private static void SetArgument(PyBorrowed tuple, int index, PyBorrowed item)
    {
        // PyTuple_SetItem steals a reference, and None stands in for a missing traceback.
        var value = item.IsNull ? CPython.Py_None : item.Pointer;
        CPython.Py_IncRef(value);
        CPython.PyTuple_SetItem(tuple.Pointer, index, value);
    }
}
