using System.Diagnostics;

namespace Gantry.Python.Native;

/// <summary>
/// An owned ("new") reference held by one stack frame: declare it with <c>using</c> and it is released
/// exactly once. A ref struct, so it cannot be stored on the heap or outlive the frame (fields that own use
/// <see cref="PyHeld"/>), and it has no way to hand its reference off: pass <see cref="Borrow"/> instead and
/// let the receiver take its own reference. Never released from a finalizer (no GIL there).
/// </summary>
internal ref struct PyOwned
{
    private nint _pointer;

    private PyOwned(nint pointer)
    {
        _pointer = pointer;
    }

    /// <summary>Debug builds: owned references created minus released, to catch leaks in tests.</summary>
    public static int Outstanding { get; private set; }

    /// <summary>The object's address (0 for "no object").</summary>
    public readonly nint Pointer => _pointer;

    /// <summary>True when the call that produced it failed (a Python exception is then pending).</summary>
    public readonly bool IsNull => _pointer == 0;

    /// <summary>Takes ownership of a new reference a C API call returned (0 allowed: an error result).</summary>
    public static PyOwned Steal(nint newReference)
    {
        CountCreated(newReference);
        return new PyOwned(newReference);
    }

    /// <summary>A borrowed view, valid while this owner lives.</summary>
    public readonly PyBorrowed Borrow() => new(_pointer);

    /// <summary>Releases the reference (Py_DecRef) once; later calls do nothing.</summary>
    public void Dispose()
    {
        var pointer = _pointer;
        if (pointer == 0)
        {
            return;
        }
        _pointer = 0;
        CountReleased();
        unsafe
        {
            CPython.Py_DecRef(pointer);
        }
    }

    [Conditional("DEBUG")]
    private static void CountCreated(nint pointer)
    {
        if (pointer != 0)
        {
            Outstanding++;
        }
    }

    [Conditional("DEBUG")]
    private static void CountReleased() => Outstanding--;
}
