using System.Text;
using Gantry.Python.Native;

namespace Gantry.Python.Wsgi;

/// <summary>
/// A str's latin-1 bytes, as PEP 3333 wants status and headers ("native strings" holding latin-1). For pure
/// ASCII the str's cached UTF-8 is those bytes already, with no new object; otherwise it is encoded.
/// Valid until disposed (and while the str lives).
/// </summary>
internal unsafe ref struct WsgiLatin1Text
{
    private PyOwned _encoded;

    /// <summary>The latin-1 bytes (empty when <see cref="Problem"/> is set).</summary>
    public ReadOnlySpan<byte> Bytes { get; private set; }

    /// <summary>Null when valid; otherwise why the value is not a latin-1 str.</summary>
    public string? Problem { get; private set; }

    /// <summary>Reads <paramref name="value"/>; never leaves a Python exception pending.</summary>
    public static WsgiLatin1Text From(nint value)
    {
        nint length;
        var utf8 = CPython.PyUnicode_AsUTF8AndSize(value, &length);
        if (utf8 == null)
        {
            CPython.PyErr_Clear();
            var isString = (CPython.TypeFlags(value) & CPython.Py_TPFLAGS_UNICODE_SUBCLASS) != 0;
            return new WsgiLatin1Text
            {
                Problem = isString ? "is not encodable as latin-1" : $"must be str, not {WsgiErrors.TypeName(new PyBorrowed(value))}",
            };
        }
        var text = new ReadOnlySpan<byte>(utf8, (int)length);
        if (Ascii.IsValid(text))
        {
            return new WsgiLatin1Text { Bytes = text };
        }
        var encoded = PyOwned.Steal(CPython.PyUnicode_AsLatin1String(value));
        byte* data;
        nint size;
        if (encoded.IsNull || CPython.PyBytes_AsStringAndSize(encoded.Pointer, &data, &size) != 0)
        {
            encoded.Dispose();
            CPython.PyErr_Clear();
            return new WsgiLatin1Text { Problem = "is not encodable as latin-1 (PEP 3333: encode other text in the body, or per RFC 2047)" };
        }
        return new WsgiLatin1Text { _encoded = encoded, Bytes = new ReadOnlySpan<byte>(data, (int)size) };
    }

    /// <summary>Releases the encoded copy, if one was made.</summary>
    public void Dispose() => _encoded.Dispose();
}
