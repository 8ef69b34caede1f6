namespace Gantry.Python.Native;

/// <summary>
/// A borrowed reference: valid while its owner keeps the object alive, and never released by the holder.
/// It has no Dispose on purpose: releasing a borrowed reference is the double-decref this type prevents.
/// </summary>
internal readonly struct PyBorrowed(nint pointer)
{
    /// <summary>The object's address (0 for "no object").</summary>
    public nint Pointer { get; } = pointer;

    /// <summary>True for "no object" (a lookup miss, or an error the caller must check).</summary>
    public bool IsNull => Pointer == 0;

    /// <summary>Takes a reference of our own (Py_IncRef), to keep the object past its owner.</summary>
    public PyOwned NewReference()
    {
        if (Pointer != 0)
        {
            unsafe
            {
                CPython.Py_IncRef(Pointer);
            }
        }
        return PyOwned.Steal(Pointer);
    }

    /// <summary>
    /// Takes a reference of our own for a caller that consumes it (a C function's result, a stealing setter), so no
    /// owner frame is involved.
    /// </summary>
    public nint NewReferencePointer()
    {
        if (Pointer != 0)
        {
            unsafe
            {
                CPython.Py_IncRef(Pointer);
            }
        }
        return Pointer;
    }
}
