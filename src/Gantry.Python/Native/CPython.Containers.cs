namespace Gantry.Python.Native;

/// <summary>dict, tuple and list.</summary>
internal static unsafe partial class CPython
{
    public static delegate* unmanaged<nint> PyDict_New;
    public static delegate* unmanaged<nint, nint> PyDict_Copy;
    public static delegate* unmanaged<nint, nint, nint, int> PyDict_SetItem;
    public static delegate* unmanaged<nint, byte*, nint, int> PyDict_SetItemString;

    /// <summary>Borrowed reference; null without an exception when the key is absent.</summary>
    public static delegate* unmanaged<nint, nint, nint> PyDict_GetItem;

    /// <summary>Borrowed reference; null without an exception when the key is absent.</summary>
    public static delegate* unmanaged<nint, byte*, nint> PyDict_GetItemString;
    public static delegate* unmanaged<nint, nint> PyDict_Size;

    public static delegate* unmanaged<nint, nint> PyTuple_New;

    /// <summary>Steals the reference to the item.</summary>
    public static delegate* unmanaged<nint, nint, nint, int> PyTuple_SetItem;

    /// <summary>Borrowed reference.</summary>
    public static delegate* unmanaged<nint, nint, nint> PyTuple_GetItem;
    public static delegate* unmanaged<nint, nint> PyTuple_Size;

    public static delegate* unmanaged<nint, nint> PyList_New;
    public static delegate* unmanaged<nint, nint, int> PyList_Append;
    public static delegate* unmanaged<nint, nint, nint, int> PyList_Insert;

    /// <summary>Borrowed reference.</summary>
    public static delegate* unmanaged<nint, nint, nint> PyList_GetItem;
    public static delegate* unmanaged<nint, nint> PyList_Size;

    private static void BindContainers(ExportResolver resolver)
    {
        PyDict_New = (delegate* unmanaged<nint>)resolver.Resolve(nameof(PyDict_New));
        PyDict_Copy = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyDict_Copy));
        PyDict_SetItem = (delegate* unmanaged<nint, nint, nint, int>)resolver.Resolve(nameof(PyDict_SetItem));
        PyDict_SetItemString = (delegate* unmanaged<nint, byte*, nint, int>)resolver.Resolve(nameof(PyDict_SetItemString));
        PyDict_GetItem = (delegate* unmanaged<nint, nint, nint>)resolver.Resolve(nameof(PyDict_GetItem));
        PyDict_GetItemString = (delegate* unmanaged<nint, byte*, nint>)resolver.Resolve(nameof(PyDict_GetItemString));
        PyDict_Size = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyDict_Size));
        PyTuple_New = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyTuple_New));
        PyTuple_SetItem = (delegate* unmanaged<nint, nint, nint, int>)resolver.Resolve(nameof(PyTuple_SetItem));
        PyTuple_GetItem = (delegate* unmanaged<nint, nint, nint>)resolver.Resolve(nameof(PyTuple_GetItem));
        PyTuple_Size = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyTuple_Size));
        PyList_New = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyList_New));
        PyList_Append = (delegate* unmanaged<nint, nint, int>)resolver.Resolve(nameof(PyList_Append));
        PyList_Insert = (delegate* unmanaged<nint, nint, nint, int>)resolver.Resolve(nameof(PyList_Insert));
        PyList_GetItem = (delegate* unmanaged<nint, nint, nint>)resolver.Resolve(nameof(PyList_GetItem));
        PyList_Size = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyList_Size));
    }
}
