namespace Gantry.Python.Native;

/// <summary>Reference counts, calls, attributes, iteration, numbers and the singletons.</summary>
internal static unsafe partial class CPython
{
    /// <summary><c>Py_TPFLAGS_LONG_SUBCLASS</c> (Include/object.h, stable ABI).</summary>
    public const ulong Py_TPFLAGS_LONG_SUBCLASS = 1UL << 24;
    public const ulong Py_TPFLAGS_LIST_SUBCLASS = 1UL << 25;
    public const ulong Py_TPFLAGS_TUPLE_SUBCLASS = 1UL << 26;
    public const ulong Py_TPFLAGS_BYTES_SUBCLASS = 1UL << 27;
    public const ulong Py_TPFLAGS_UNICODE_SUBCLASS = 1UL << 28;
    public const ulong Py_TPFLAGS_DICT_SUBCLASS = 1UL << 29;

    /// <summary>The functions, not the macros: the macros touch ob_refcnt, whose meaning changed in 3.12 (immortal objects).</summary>
    public static delegate* unmanaged[SuppressGCTransition]<nint, void> Py_IncRef;
    public static delegate* unmanaged<nint, void> Py_DecRef;

    public static delegate* unmanaged<nint, nint, nint, nint> PyObject_Call;
    public static delegate* unmanaged<nint, nint, nint> PyObject_CallObject;
    public static delegate* unmanaged<nint, byte*, nint> PyObject_GetAttrString;
    public static delegate* unmanaged<nint, nint, nint> PyObject_GetAttr;
    public static delegate* unmanaged<nint, nint> PyObject_GetIter;
    public static delegate* unmanaged<nint, nint> PyObject_Type;
    public static delegate* unmanaged<nint, nint> PyObject_Str;
    public static delegate* unmanaged<nint, int> PyCallable_Check;
    public static delegate* unmanaged<nint, nint, nint, int> PyObject_SetAttr;

    /// <summary><c>PyType_GenericNew(type, args, kwds)</c>: a new instance without running __init__ (what object.__new__ does).</summary>
    public static delegate* unmanaged<nint, nint, nint, nint> PyType_GenericNew;

    /// <summary>Returns a new reference, or null at the end (no exception) or on error (exception set).</summary>
    public static delegate* unmanaged<nint, nint> PyIter_Next;

    /// <summary><c>unsigned long PyType_GetFlags(PyTypeObject *)</c>: the exported way to test "is a list/tuple/bytes".</summary>
    public static delegate* unmanaged<nint, ulong> PyType_GetFlags;

    public static delegate* unmanaged<nint, nint, nint> PyNumber_AsSsize_t;
    public static delegate* unmanaged[SuppressGCTransition]<long, nint> PyLong_FromLong;
    public static delegate* unmanaged<nint, nint> PyLong_FromSsize_t;
    public static delegate* unmanaged<nint, long> PyLong_AsLong;

    /// <summary><c>None</c> (<c>_Py_NoneStruct</c>): the data symbol is the object itself.</summary>
    public static nint Py_None;
    public static nint Py_True;
    public static nint Py_False;

    /// <summary><c>list</c> (<c>PyList_Type</c>), for exact-type fast paths.</summary>
    public static nint PyList_Type;
    public static nint PyTuple_Type;
    public static nint PyDict_Type;

    /// <summary>A new reference to None, what a C function returns for "no value".</summary>
    public static nint NewNone()
    {
        Py_IncRef(Py_None);
        return Py_None;
    }

    /// <summary>The type flags of <paramref name="value"/>'s type (Py_TYPE(o)->tp_flags without the struct offset).</summary>
    public static ulong TypeFlags(nint value)
    {
        var type = PyObject_Type(value);
        var flags = PyType_GetFlags(type);
        Py_DecRef(type);
        return flags;
    }

    /// <summary>True when <paramref name="value"/>'s type is exactly <paramref name="type"/> (not a subclass).</summary>
    public static bool IsExactType(nint value, nint type)
    {
        var actual = PyObject_Type(value);
        Py_DecRef(actual);
        return actual == type;
    }

    private static void BindObjects(ExportResolver resolver)
    {
        Py_IncRef = (delegate* unmanaged[SuppressGCTransition]<nint, void>)resolver.Resolve(nameof(Py_IncRef));
        Py_DecRef = (delegate* unmanaged<nint, void>)resolver.Resolve(nameof(Py_DecRef));
        PyObject_Call = (delegate* unmanaged<nint, nint, nint, nint>)resolver.Resolve(nameof(PyObject_Call));
        PyObject_CallObject = (delegate* unmanaged<nint, nint, nint>)resolver.Resolve(nameof(PyObject_CallObject));
        PyObject_GetAttrString = (delegate* unmanaged<nint, byte*, nint>)resolver.Resolve(nameof(PyObject_GetAttrString));
        PyObject_GetAttr = (delegate* unmanaged<nint, nint, nint>)resolver.Resolve(nameof(PyObject_GetAttr));
        PyObject_GetIter = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyObject_GetIter));
        PyObject_Type = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyObject_Type));
        PyObject_Str = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyObject_Str));
        PyCallable_Check = (delegate* unmanaged<nint, int>)resolver.Resolve(nameof(PyCallable_Check));
        PyObject_SetAttr = (delegate* unmanaged<nint, nint, nint, int>)resolver.Resolve(nameof(PyObject_SetAttr));
        PyType_GenericNew = (delegate* unmanaged<nint, nint, nint, nint>)resolver.Resolve(nameof(PyType_GenericNew));
        PyIter_Next = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyIter_Next));
        PyType_GetFlags = (delegate* unmanaged<nint, ulong>)resolver.Resolve(nameof(PyType_GetFlags));
        PyNumber_AsSsize_t = (delegate* unmanaged<nint, nint, nint>)resolver.Resolve(nameof(PyNumber_AsSsize_t));
        PyLong_FromLong = (delegate* unmanaged[SuppressGCTransition]<long, nint>)resolver.Resolve(nameof(PyLong_FromLong));
        PyLong_FromSsize_t = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyLong_FromSsize_t));
        PyLong_AsLong = (delegate* unmanaged<nint, long>)resolver.Resolve(nameof(PyLong_AsLong));
        Py_None = resolver.Resolve("_Py_NoneStruct");
        Py_True = resolver.Resolve("_Py_TrueStruct");
        Py_False = resolver.Resolve("_Py_FalseStruct");
        PyList_Type = resolver.Resolve(nameof(PyList_Type));
        PyTuple_Type = resolver.Resolve(nameof(PyTuple_Type));
        PyDict_Type = resolver.Resolve(nameof(PyDict_Type));
    }
}
