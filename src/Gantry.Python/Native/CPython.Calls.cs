namespace Gantry.Python.Native;

/// <summary>Vectorcall, truth and number conversions the ASGI host calls (exported by CPython 3.10–3.13).</summary>
internal static unsafe partial class CPython
{
    /// <summary><c>PY_VECTORCALL_ARGUMENTS_OFFSET</c>: args[-1] may be overwritten by the callee (Include/cpython/abstract.h).</summary>
    public const ulong PY_VECTORCALL_ARGUMENTS_OFFSET = 1UL << 63;

    /// <summary><c>PyObject_VectorcallMethod(name, args, nargsf, kwnames)</c>: args[0] is self.</summary>
    public static delegate* unmanaged<nint, nint*, nuint, nint, nint> PyObject_VectorcallMethod;
    public static delegate* unmanaged<nint, nint> PyObject_CallNoArgs;

    /// <summary>
    /// <c>PyObject_VectorcallDict(callable, args, nargsf, kwargs)</c>: exported from 3.9 on (PyObject_Vectorcall itself is an
    /// inline function before 3.11).
    /// </summary>
    public static delegate* unmanaged<nint, nint*, nuint, nint, nint> PyObject_VectorcallDict;

    /// <summary><c>o[key]</c>: a new reference, or 0 with KeyError (or another error) set.</summary>
    public static delegate* unmanaged<nint, nint, nint> PyObject_GetItem;

    /// <summary><c>o[i]</c> of a sequence: a new reference.</summary>
    public static delegate* unmanaged<nint, nint, nint> PySequence_GetItem;

    /// <summary>1 true, 0 false, -1 error.</summary>
    public static delegate* unmanaged<nint, int> PyObject_IsTrue;
    public static delegate* unmanaged<nint, double> PyFloat_AsDouble;
    public static delegate* unmanaged<double, nint> PyFloat_FromDouble;

    /// <summary><c>PyUnicode_DecodeUTF8(s, size, errors)</c>.</summary>
    public static delegate* unmanaged<byte*, nint, byte*, nint> PyUnicode_DecodeUTF8;

    /// <summary>Calls <paramref name="self"/>.<paramref name="name"/>() (a new reference, or 0 with an exception set).</summary>
    public static nint CallMethod(nint self, nint name)
    {
        var arguments = stackalloc nint[1];
        arguments[0] = self;
        return PyObject_VectorcallMethod(name, arguments, unchecked((nuint)(1 | PY_VECTORCALL_ARGUMENTS_OFFSET)), 0);
    }

    /// <summary>Calls <paramref name="self"/>.<paramref name="name"/>(<paramref name="argument"/>).</summary>
    public static nint CallMethod(nint self, nint name, nint argument)
    {
        var arguments = stackalloc nint[2];
        arguments[0] = self;
        arguments[1] = argument;
        return PyObject_VectorcallMethod(name, arguments, unchecked((nuint)(2 | PY_VECTORCALL_ARGUMENTS_OFFSET)), 0);
    }

    /// <summary>Calls <paramref name="callable"/>(<paramref name="argument"/>): a new reference, or 0 with an exception set.</summary>
    public static nint CallOne(nint callable, nint argument)
    {
        var arguments = stackalloc nint[1];
        arguments[0] = argument;
        return PyObject_VectorcallDict(callable, arguments, 1, 0);
    }

    /// <summary>Calls <paramref name="callable"/> with <paramref name="count"/> positional arguments.</summary>
    public static nint Call(nint callable, nint* arguments, int count) => PyObject_VectorcallDict(callable, arguments, (nuint)count, 0);

    /// <summary>A new str from UTF-8 bytes, undecodable bytes replaced by U+FFFD (as urllib's unquote).</summary>
    public static nint NewUtf8StringReplacing(ReadOnlySpan<byte> text)
    {
        fixed (byte* start = text)
        fixed (byte* errors = "replace"u8)
        {
            return PyUnicode_DecodeUTF8(start, text.Length, errors);
        }
    }

    private static void BindCalls(ExportResolver resolver)
    {
        PyObject_VectorcallMethod = (delegate* unmanaged<nint, nint*, nuint, nint, nint>)resolver.Resolve(nameof(PyObject_VectorcallMethod));
        PyObject_VectorcallDict = (delegate* unmanaged<nint, nint*, nuint, nint, nint>)resolver.Resolve(nameof(PyObject_VectorcallDict));
        PyObject_CallNoArgs = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyObject_CallNoArgs));
        PyObject_GetItem = (delegate* unmanaged<nint, nint, nint>)resolver.Resolve(nameof(PyObject_GetItem));
        PySequence_GetItem = (delegate* unmanaged<nint, nint, nint>)resolver.Resolve(nameof(PySequence_GetItem));
        PyObject_IsTrue = (delegate* unmanaged<nint, int>)resolver.Resolve(nameof(PyObject_IsTrue));
        PyFloat_AsDouble = (delegate* unmanaged<nint, double>)resolver.Resolve(nameof(PyFloat_AsDouble));
        PyFloat_FromDouble = (delegate* unmanaged<double, nint>)resolver.Resolve(nameof(PyFloat_FromDouble));
        PyUnicode_DecodeUTF8 = (delegate* unmanaged<byte*, nint, byte*, nint>)resolver.Resolve(nameof(PyUnicode_DecodeUTF8));
    }
}
