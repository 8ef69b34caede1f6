using System.Runtime.InteropServices;

namespace Gantry.Python.Native;

/// <summary>
/// Stepping coroutines from C# and defining a small C type (exported by CPython 3.10–3.13, stable ABI): what the ASGI
/// host's eager step and its pre-completed awaitables need.
/// </summary>
internal static unsafe partial class CPython
{
    /// <summary><c>PySendResult</c>: the coroutine returned (*result is its value).</summary>
    public const int PYGEN_RETURN = 0;

    /// <summary><c>PySendResult</c>: the coroutine raised (the error is set).</summary>
    public const int PYGEN_ERROR = -1;

    /// <summary><c>PySendResult</c>: the coroutine yielded (*result is what it yielded).</summary>
    public const int PYGEN_NEXT = 1;

    /// <summary><c>Py_TPFLAGS_DEFAULT</c> (Py_TPFLAGS_HAVE_VERSION_TAG, Include/object.h).</summary>
    public const ulong Py_TPFLAGS_DEFAULT = 1UL << 18;

    /// <summary><c>Py_TPFLAGS_DISALLOW_INSTANTIATION</c> (3.10+): Python code cannot call the type.</summary>
    public const ulong Py_TPFLAGS_DISALLOW_INSTANTIATION = 1UL << 7;

    /// <summary><c>Py_TPFLAGS_BASE_EXC_SUBCLASS</c>: the type derives from BaseException.</summary>
    public const ulong Py_TPFLAGS_BASE_EXC_SUBCLASS = 1UL << 30;

    /// <summary><c>Py_TPFLAGS_TYPE_SUBCLASS</c>: the object is a type.</summary>
    public const ulong Py_TPFLAGS_TYPE_SUBCLASS = 1UL << 31;

    /// <summary>Slot ids of Include/typeslots.h (stable).</summary>
    public const int Py_tp_dealloc = 52;
    public const int Py_tp_iter = 62;
    public const int Py_tp_iternext = 63;
    public const int Py_tp_methods = 64;
    public const int Py_am_await = 77;
    public const int Py_am_send = 81;

    /// <summary><c>PySendResult PyIter_Send(iter, arg, **result)</c> (3.10+): one step without a StopIteration.</summary>
    public static delegate* unmanaged<nint, nint, nint*, int> PyIter_Send;
    public static delegate* unmanaged<nint> PyContext_CopyCurrent;
    public static delegate* unmanaged<nint, int> PyContext_Enter;
    public static delegate* unmanaged<nint, int> PyContext_Exit;
    public static delegate* unmanaged<PyTypeSpec*, nint> PyType_FromSpec;
    public static delegate* unmanaged<nint, nint, nint> PyType_GenericAlloc;
    public static delegate* unmanaged<nint, void> PyObject_Free;
    public static nint PyExc_StopIteration;

    /// <summary><c>object</c> (<c>PyBaseObject_Type</c>): its __basicsize__ is the object header's size.</summary>
    public static nint PyBaseObject_Type;

    private static void BindCoroutines(ExportResolver resolver)
    {
        PyIter_Send = (delegate* unmanaged<nint, nint, nint*, int>)resolver.Resolve(nameof(PyIter_Send));
        PyContext_CopyCurrent = (delegate* unmanaged<nint>)resolver.Resolve(nameof(PyContext_CopyCurrent));
        PyContext_Enter = (delegate* unmanaged<nint, int>)resolver.Resolve(nameof(PyContext_Enter));
        PyContext_Exit = (delegate* unmanaged<nint, int>)resolver.Resolve(nameof(PyContext_Exit));
        PyType_FromSpec = (delegate* unmanaged<PyTypeSpec*, nint>)resolver.Resolve(nameof(PyType_FromSpec));
        PyType_GenericAlloc = (delegate* unmanaged<nint, nint, nint>)resolver.Resolve(nameof(PyType_GenericAlloc));
        PyObject_Free = (delegate* unmanaged<nint, void>)resolver.Resolve(nameof(PyObject_Free));
        PyExc_StopIteration = resolver.ResolvePointerVariable(nameof(PyExc_StopIteration));
        PyBaseObject_Type = resolver.Resolve(nameof(PyBaseObject_Type));
    }
}

/// <summary><c>PyType_Spec</c> (Include/object.h, stable ABI).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PyTypeSpec
{
    public byte* Name;
    public int BasicSize;
    public int ItemSize;
    public uint Flags;
    public PyTypeSlot* Slots;
}

/// <summary><c>PyType_Slot</c>: a slot id and its function (the list ends with {0, NULL}).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PyTypeSlot
{
    public int Slot;
    public void* Function;
}
