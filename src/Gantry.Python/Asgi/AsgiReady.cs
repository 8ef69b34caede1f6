using System.Runtime.InteropServices;
using Gantry.Python.Native;

namespace Gantry.Python.Asgi;

/// <summary>
/// <c>_gantry.Ready</c>: what <c>receive()</c> and <c>send()</c> return when they completed at once: an awaitable whose
/// await ends at once with its value, without a Python frame, a coroutine object or a StopIteration (the await goes
/// through am_send: PyIter_Send's fast path). It also has send/throw/close and __await__, so collections.abc.Coroutine
/// (and so asyncio.iscoroutine, create_task, ensure_future, wait_for) accepts it as the coroutine a server's
/// <c>async def receive</c> would have returned. A C type made with PyType_FromSpec (stable ABI) because a Python
/// class with <c>__await__</c> costs a generator per await, which is what it is here to avoid. Its layout is the object
/// header (<c>object.__basicsize__</c>) and one <c>PyObject *</c> value.
/// </summary>
internal static unsafe class AsgiReady
{
    private static nint _type;
    private static int _valueOffset;
    private static nint _none;

    /// <summary>Creates the type and the shared instance for None (start-up, GIL held).</summary>
    public static void Initialize()
    {
        fixed (byte* name = "__basicsize__"u8)
        {
            using var size = PyOwned.Steal(CPython.PyObject_GetAttrString(CPython.PyBaseObject_Type, name));
            if (size.IsNull)
            {
                throw new PythonStartupException("Cannot read object.__basicsize__:\n" + Runtime.PythonErrors.TakeTraceback());
            }
            _valueOffset = (int)CPython.PyLong_AsLong(size.Pointer);
        }
        var methods = (PyMethodDefinition*)NativeMemory.AllocZeroed((nuint)(sizeof(PyMethodDefinition) * 4));
        methods[0] = *PyMethodDefinition.AllocatePermanent("send"u8, (delegate* unmanaged<nint, nint, nint>)&Send, PyMethodDefinition.METH_O);
        methods[1] = *PyMethodDefinition.AllocatePermanent("throw"u8, (delegate* unmanaged<nint, nint*, nint, nint>)&Throw, PyMethodDefinition.METH_FASTCALL);
        methods[2] = *PyMethodDefinition.AllocatePermanent("close"u8, (delegate* unmanaged<nint, nint, nint>)&Close, PyMethodDefinition.METH_NOARGS);
        var slots = (PyTypeSlot*)NativeMemory.AllocZeroed((nuint)(sizeof(PyTypeSlot) * 7));
        slots[0] = new PyTypeSlot { Slot = CPython.Py_tp_dealloc, Function = (delegate* unmanaged<nint, void>)&Dealloc };
        slots[1] = new PyTypeSlot { Slot = CPython.Py_am_await, Function = (delegate* unmanaged<nint, nint>)&Self };
        slots[2] = new PyTypeSlot { Slot = CPython.Py_am_send, Function = (delegate* unmanaged<nint, nint, nint*, int>)&AmSend };
        slots[3] = new PyTypeSlot { Slot = CPython.Py_tp_iter, Function = (delegate* unmanaged<nint, nint>)&Self };
        slots[4] = new PyTypeSlot { Slot = CPython.Py_tp_iternext, Function = (delegate* unmanaged<nint, nint>)&IterNext };
        slots[5] = new PyTypeSlot { Slot = CPython.Py_tp_methods, Function = methods };
        var spec = (PyTypeSpec*)NativeMemory.AllocZeroed((nuint)sizeof(PyTypeSpec));
        spec->Name = PyMethodDefinition.PermanentString("_gantry.Ready"u8);
        spec->BasicSize = _valueOffset + sizeof(nint);
        spec->Flags = (uint)(CPython.Py_TPFLAGS_DEFAULT | CPython.Py_TPFLAGS_DISALLOW_INSTANTIATION);
        spec->Slots = slots;
        _type = CPython.PyType_FromSpec(spec);
        if (_type == 0)
        {
            throw new PythonStartupException("Cannot create the ASGI host's awaitable type:\n" + Runtime.PythonErrors.TakeTraceback());
        }
        _none = New(CPython.NewNone());
        if (_none == 0)
        {
            throw new PythonStartupException("Cannot create the ASGI host's awaitable:\n" + Runtime.PythonErrors.TakeTraceback());
        }
    }

    /// <summary>A new reference to the awaitable of None (what a completed send gives).</summary>
    public static nint NewNone()
    {
        CPython.Py_IncRef(_none);
        return _none;
    }

    /// <summary>An awaitable of <paramref name="value"/> (a new reference this call consumes), or 0 with an error set.</summary>
    public static nint New(nint value)
    {
        var ready = CPython.PyType_GenericAlloc(_type, 0);
        if (ready == 0)
        {
            CPython.Py_DecRef(value);
            return 0;
        }
        *(nint*)(ready + _valueOffset) = value;
        return ready;
    }

    private static nint Value(nint self) => *(nint*)(self + _valueOffset);

    [UnmanagedCallersOnly]
    private static nint Self(nint self)
    {
        CPython.Py_IncRef(self);
        return self;
    }

    [UnmanagedCallersOnly]
    private static int AmSend(nint self, nint argument, nint* result)
    {
        var value = Value(self);
        CPython.Py_IncRef(value);
        *result = value;
        return CPython.PYGEN_RETURN;
    }

    [UnmanagedCallersOnly]
    private static nint IterNext(nint self)
    {
        CPython.PyErr_SetObject(CPython.PyExc_StopIteration, Value(self));
        return 0;
    }

    [UnmanagedCallersOnly]
    private static nint Send(nint self, nint argument)
    {
        CPython.PyErr_SetObject(CPython.PyExc_StopIteration, Value(self));
        return 0;
    }

    /// <summary>throw(exception) or throw(type[, value[, traceback]]): raises it, as a finished coroutine would.</summary>
    [UnmanagedCallersOnly]
    private static nint Throw(nint self, nint* arguments, nint count)
    {
        if (count < 1)
        {
            return CPython.Raise(CPython.PyExc_TypeError, "throw expected at least 1 argument"u8);
        }
        var first = arguments[0];
        if ((CPython.TypeFlags(first) & CPython.Py_TPFLAGS_BASE_EXC_SUBCLASS) != 0)
        {
            var type = CPython.PyObject_Type(first);
            CPython.PyErr_SetObject(type, first);
            CPython.Py_DecRef(type);
        }
        else
        {
            CPython.PyErr_SetObject(first, count > 1 ? arguments[1] : CPython.Py_None);
        }
        return 0;
    }

    [UnmanagedCallersOnly]
    private static nint Close(nint self, nint unused) => CPython.NewNone();

    [UnmanagedCallersOnly]
    private static void Dealloc(nint self)
    {
        var value = Value(self);
        if (value != 0)
        {
            CPython.Py_DecRef(value);
        }
        CPython.PyObject_Free(self);
        // A heap type's instances each hold a reference to it (since 3.8).
        CPython.Py_DecRef(_type);
    }
}
