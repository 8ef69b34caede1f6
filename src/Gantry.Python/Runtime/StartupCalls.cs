using System.Text;
using Gantry.Python.Native;

namespace Gantry.Python.Runtime;

/// <summary>Calls into Python with .NET strings as arguments: start-up only (it allocates freely).</summary>
internal static unsafe class StartupCalls
{
    /// <summary>Calls <paramref name="function"/> with str arguments; a null result means a Python exception is pending.</summary>
    public static PyOwned Call(PyBorrowed function, params ReadOnlySpan<string> arguments)
    {
        using var tuple = PyOwned.Steal(CPython.PyTuple_New(arguments.Length));
        if (tuple.IsNull)
        {
            return PyOwned.Steal(0);
        }
        for (var i = 0; i < arguments.Length; i++)
        {
            var text = NewString(arguments[i]);
            if (text == 0)
            {
                return PyOwned.Steal(0);
            }
            CPython.PyTuple_SetItem(tuple.Pointer, i, text);
        }
        return PyOwned.Steal(CPython.PyObject_CallObject(function.Pointer, tuple.Pointer));
    }

    /// <summary>Calls <paramref name="function"/> with one list of str.</summary>
    public static PyOwned CallWithList(PyBorrowed function, IReadOnlyList<string> items)
    {
        using var list = PyOwned.Steal(CPython.PyList_New(0));
        foreach (var item in items)
        {
            using var text = PyOwned.Steal(NewString(item));
            if (text.IsNull || CPython.PyList_Append(list.Pointer, text.Pointer) != 0)
            {
                return PyOwned.Steal(0);
            }
        }
        using var tuple = PyOwned.Steal(CPython.PyTuple_New(1));
        CPython.Py_IncRef(list.Pointer);
        CPython.PyTuple_SetItem(tuple.Pointer, 0, list.Pointer);
        return PyOwned.Steal(CPython.PyObject_CallObject(function.Pointer, tuple.Pointer));
    }

    /// <summary>The str items of a Python list or tuple (start-up only).</summary>
    public static List<string> Strings(PyBorrowed sequence)
    {
        var result = new List<string>();
        var isList = (CPython.TypeFlags(sequence.Pointer) & CPython.Py_TPFLAGS_LIST_SUBCLASS) != 0;
        var count = isList ? CPython.PyList_Size(sequence.Pointer) : CPython.PyTuple_Size(sequence.Pointer);
        for (nint i = 0; i < count; i++)
        {
            var item = isList ? CPython.PyList_GetItem(sequence.Pointer, i) : CPython.PyTuple_GetItem(sequence.Pointer, i);
            result.Add(PythonErrors.ToText(new PyBorrowed(item)) ?? "?");
        }
        return result;
    }

    /// <summary>A new str from a .NET string.</summary>
    public static nint NewString(string text) => CPython.NewUtf8String(Encoding.UTF8.GetBytes(text));
}
