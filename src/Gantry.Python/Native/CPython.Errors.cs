namespace Gantry.Python.Native;

/// <summary>The error indicator and the built-in exception types.</summary>
internal static unsafe partial class CPython
{
    /// <summary>Borrowed reference to the pending exception's type, or null.</summary>
    public static delegate* unmanaged[SuppressGCTransition]<nint> PyErr_Occurred;

    /// <summary>Moves the pending exception into three new references (deprecated in 3.12, exported through 3.13).</summary>
    public static delegate* unmanaged<nint*, nint*, nint*, void> PyErr_Fetch;
    public static delegate* unmanaged<nint*, nint*, nint*, void> PyErr_NormalizeException;

    /// <summary>Steals the three references.</summary>
    public static delegate* unmanaged<nint, nint, nint, void> PyErr_Restore;
    public static delegate* unmanaged<nint, byte*, void> PyErr_SetString;
    public static delegate* unmanaged<nint, nint, void> PyErr_SetObject;
    public static delegate* unmanaged<void> PyErr_Clear;
    public static delegate* unmanaged<nint, int> PyErr_ExceptionMatches;

    public static nint PyExc_TypeError;
    public static nint PyExc_ValueError;
    public static nint PyExc_RuntimeError;
    public static nint PyExc_OSError;
    public static nint PyExc_AssertionError;
    public static nint PyExc_MemoryError;

    /// <summary>True while a Python exception is pending on this thread.</summary>
    public static bool ErrorPending => PyErr_Occurred() != 0;

    /// <summary>Sets <paramref name="type"/> with a UTF-8 message; returns 0, the C function's "error" result.</summary>
    public static nint Raise(nint type, ReadOnlySpan<byte> message)
    {
        Span<byte> terminated = message.Length < 512 ? stackalloc byte[message.Length + 1] : new byte[message.Length + 1];
        message.CopyTo(terminated);
        terminated[message.Length] = 0;
        fixed (byte* text = terminated)
        {
            PyErr_SetString(type, text);
        }
        return 0;
    }

    /// <summary>
    /// What a C function Python calls returns when .NET code inside it threw: RuntimeError naming the exception (an
    /// exception escaping an [UnmanagedCallersOnly] method would end the process). Never throws.
    /// </summary>
    public static nint RaiseInternalError(Exception exception)
    {
        try
        {
            return Raise(PyExc_RuntimeError, $"Gantry internal error: {exception.GetType().Name}: {exception.Message}");
        }
        catch
        {
            return 0;
        }
    }

    /// <summary>Sets <paramref name="type"/> with a message built in .NET (error paths only: it allocates).</summary>
    public static nint Raise(nint type, string message) => Raise(type, System.Text.Encoding.UTF8.GetBytes(message));

    private static void BindErrors(ExportResolver resolver)
    {
        PyErr_Occurred = (delegate* unmanaged[SuppressGCTransition]<nint>)resolver.Resolve(nameof(PyErr_Occurred));
        PyErr_Fetch = (delegate* unmanaged<nint*, nint*, nint*, void>)resolver.Resolve(nameof(PyErr_Fetch));
        PyErr_NormalizeException = (delegate* unmanaged<nint*, nint*, nint*, void>)resolver.Resolve(nameof(PyErr_NormalizeException));
        PyErr_Restore = (delegate* unmanaged<nint, nint, nint, void>)resolver.Resolve(nameof(PyErr_Restore));
        PyErr_SetString = (delegate* unmanaged<nint, byte*, void>)resolver.Resolve(nameof(PyErr_SetString));
        PyErr_SetObject = (delegate* unmanaged<nint, nint, void>)resolver.Resolve(nameof(PyErr_SetObject));
        PyErr_Clear = (delegate* unmanaged<void>)resolver.Resolve(nameof(PyErr_Clear));
        PyErr_ExceptionMatches = (delegate* unmanaged<nint, int>)resolver.Resolve(nameof(PyErr_ExceptionMatches));
        PyExc_TypeError = resolver.ResolvePointerVariable(nameof(PyExc_TypeError));
        PyExc_ValueError = resolver.ResolvePointerVariable(nameof(PyExc_ValueError));
        PyExc_RuntimeError = resolver.ResolvePointerVariable(nameof(PyExc_RuntimeError));
        PyExc_OSError = resolver.ResolvePointerVariable(nameof(PyExc_OSError));
        PyExc_AssertionError = resolver.ResolvePointerVariable(nameof(PyExc_AssertionError));
        PyExc_MemoryError = resolver.ResolvePointerVariable(nameof(PyExc_MemoryError));
    }
}
