namespace Gantry.Python.Native;

/// <summary>str and bytes.</summary>
internal static unsafe partial class CPython
{
    /// <summary><c>PyUnicode_DecodeLatin1(const char *, Py_ssize_t, const char *errors)</c>: every byte is a code point, never fails.</summary>
    public static delegate* unmanaged<byte*, nint, byte*, nint> PyUnicode_DecodeLatin1;
    public static delegate* unmanaged<byte*, nint, nint> PyUnicode_FromStringAndSize;
    public static delegate* unmanaged<byte*, nint> PyUnicode_FromString;

    /// <summary>
    /// The str's UTF-8, cached inside the object (no new object; for a compact ASCII str it is the str's own
    /// storage). Valid while the str lives. Null with TypeError for a non-str.
    /// </summary>
    public static delegate* unmanaged<nint, nint*, byte*> PyUnicode_AsUTF8AndSize;
    public static delegate* unmanaged<byte*, nint> PyUnicode_InternFromString;
    public static delegate* unmanaged<nint*, void> PyUnicode_InternInPlace;

    /// <summary>New bytes object; UnicodeEncodeError for a code point above U+00FF.</summary>
    public static delegate* unmanaged<nint, nint> PyUnicode_AsLatin1String;

    /// <summary>With a null source, a new uninitialised bytes object the caller may fill before sharing it.</summary>
    public static delegate* unmanaged[SuppressGCTransition]<byte*, nint, nint> PyBytes_FromStringAndSize;

    /// <summary>0 and the buffer for a bytes object (or subclass); -1 with TypeError otherwise.</summary>
    public static delegate* unmanaged<nint, byte**, nint*, int> PyBytes_AsStringAndSize;
    public static delegate* unmanaged<nint, byte*> PyBytes_AsString;
    public static delegate* unmanaged<nint, nint> PyBytes_Size;

    /// <summary>A new str from latin-1 bytes (WSGI's "bytes-as-unicode" for environ values, PEP 3333).</summary>
    public static nint NewLatin1String(ReadOnlySpan<byte> text)
    {
        fixed (byte* start = text)
        {
            return PyUnicode_DecodeLatin1(start, text.Length, null);
        }
    }

    /// <summary>A new str from UTF-8 bytes.</summary>
    public static nint NewUtf8String(ReadOnlySpan<byte> text)
    {
        fixed (byte* start = text)
        {
            return PyUnicode_FromStringAndSize(start, text.Length);
        }
    }

    /// <summary>A new bytes object copied from <paramref name="data"/> (an empty span gives b'').</summary>
    public static nint NewBytes(ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            return PyBytes_FromStringAndSize(start, data.Length);
        }
    }

    private static void BindText(ExportResolver resolver)
    {
        PyUnicode_DecodeLatin1 = (delegate* unmanaged<byte*, nint, byte*, nint>)resolver.Resolve(nameof(PyUnicode_DecodeLatin1));
        PyUnicode_FromStringAndSize = (delegate* unmanaged<byte*, nint, nint>)resolver.Resolve(nameof(PyUnicode_FromStringAndSize));
        PyUnicode_FromString = (delegate* unmanaged<byte*, nint>)resolver.Resolve(nameof(PyUnicode_FromString));
        PyUnicode_AsUTF8AndSize = (delegate* unmanaged<nint, nint*, byte*>)resolver.Resolve(nameof(PyUnicode_AsUTF8AndSize));
        PyUnicode_InternFromString = (delegate* unmanaged<byte*, nint>)resolver.Resolve(nameof(PyUnicode_InternFromString));
        PyUnicode_InternInPlace = (delegate* unmanaged<nint*, void>)resolver.Resolve(nameof(PyUnicode_InternInPlace));
        PyUnicode_AsLatin1String = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyUnicode_AsLatin1String));
        PyBytes_FromStringAndSize = (delegate* unmanaged[SuppressGCTransition]<byte*, nint, nint>)resolver.Resolve(nameof(PyBytes_FromStringAndSize));
        PyBytes_AsStringAndSize = (delegate* unmanaged<nint, byte**, nint*, int>)resolver.Resolve(nameof(PyBytes_AsStringAndSize));
        PyBytes_AsString = (delegate* unmanaged<nint, byte*>)resolver.Resolve(nameof(PyBytes_AsString));
        PyBytes_Size = (delegate* unmanaged<nint, nint>)resolver.Resolve(nameof(PyBytes_Size));
    }
}
