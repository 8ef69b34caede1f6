namespace Gantry.Python.Native;

/// <summary>
/// An owned reference kept in a field of a long-lived object (the app callable, a cached key, a suspended
/// response's iterator). The owning object releases it explicitly, with the GIL held, at a known point
/// (end of response, shutdown) — never from a finalizer.
/// </summary>
internal struct PyHeld
{
    private nint _pointer;

    /// <summary>True when nothing is held.</summary>
    public readonly bool IsEmpty => _pointer == 0;

    /// <summary>The held object's address (0 when empty).</summary>
    public readonly nint Pointer => _pointer;

    /// <summary>A borrowed view, valid until <see cref="Release"/>.</summary>
    public readonly PyBorrowed Borrow() => new(_pointer);

    /// <summary>Holds a reference of its own to <paramref name="value"/>, releasing what it held before.</summary>
    public void Hold(PyBorrowed value)
    {
        if (value.Pointer != 0)
        {
            unsafe
            {
                CPython.Py_IncRef(value.Pointer);
            }
        }
        Release();
        _pointer = value.Pointer;
    }

    /// <summary>Takes over a new reference the caller owns and will not release (a C API result).</summary>
    public void Adopt(nint newReference)
    {
        Release();
        _pointer = newReference;
    }

    /// <summary>Releases the held reference once; later calls do nothing.</summary>
    public void Release()
    {
        var pointer = _pointer;
        if (pointer == 0)
        {
            return;
        }
        _pointer = 0;
        unsafe
        {
            CPython.Py_DecRef(pointer);
        }
    }
}
