using Gantry.Python.Native;

namespace Gantry.Python.Wsgi;

/// <summary>
/// One environ key seen before: its interned str, created once and reused for every request, and the last
/// value it had (REQUEST_METHOD, SERVER_PROTOCOL, HTTP_HOST… repeat from request to request; str is
/// immutable, so sharing the object is safe).
/// </summary>
internal sealed unsafe class WsgiEnvironKey
{
    /// <summary>Values longer than this are not remembered (cookies, long URLs change anyway).</summary>
    public const int MaxRememberedValue = 64;

    private readonly byte[] _lastValue = new byte[MaxRememberedValue];
    private int _lastValueLength = -1;
    private PyHeld _lastValueObject;
    private PyHeld _keyObject;

    public WsgiEnvironKey(byte[] name, nint internedKey, int requiredBit)
    {
        Name = name;
        _keyObject.Adopt(internedKey);
        RequiredBit = requiredBit;
    }

    /// <summary>The key's bytes.</summary>
    public byte[] Name { get; }

    /// <summary>The interned str (borrowed: this entry holds it).</summary>
    public nint KeyObject => _keyObject.Pointer;

    /// <summary>Non-zero for a key PEP 3333 requires: the builder supplies a default when it is missing.</summary>
    public int RequiredBit { get; }

    /// <summary>A new reference to a str of <paramref name="value"/>: the remembered one when the bytes repeat.</summary>
    public nint NewValue(ReadOnlySpan<byte> value)
    {
        if (value.Length == _lastValueLength && value.SequenceEqual(_lastValue.AsSpan(0, _lastValueLength)))
        {
            CPython.Py_IncRef(_lastValueObject.Pointer);
            return _lastValueObject.Pointer;
        }
        var created = CPython.NewLatin1String(value);
        if (created != 0 && value.Length <= MaxRememberedValue)
        {
            _lastValueObject.Hold(new PyBorrowed(created));
            value.CopyTo(_lastValue);
            _lastValueLength = value.Length;
        }
        return created;
    }

    /// <summary>Releases the Python objects (GIL held).</summary>
    public void Release()
    {
        _keyObject.Release();
        _lastValueObject.Release();
        _lastValueLength = -1;
    }
}
