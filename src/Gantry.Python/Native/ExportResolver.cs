using Gantry.Posix.Native;

namespace Gantry.Python.Native;

/// <summary>
/// Looks exports up in an opened library and remembers every one that is missing, so a wrong or too old
/// libpython is reported once with the full list instead of failing on the first absent symbol.
/// </summary>
internal sealed class ExportResolver(nint library)
{
    private readonly List<string> _missing = [];

    /// <summary>The address of <paramref name="symbol"/> (a function, or a data symbol's storage), or 0 if absent.</summary>
    public nint Resolve(string symbol)
    {
        var address = LibC.dlsym(library, symbol);
        if (address == 0)
        {
            _missing.Add(symbol);
        }
        return address;
    }

    /// <summary>The address of <paramref name="symbol"/>, or 0 if absent, without counting it as missing.</summary>
    public nint ResolveOptional(string symbol) => LibC.dlsym(library, symbol);

    /// <summary>
    /// The object a <c>PyObject *</c> data symbol (e.g. <c>PyExc_TypeError</c>) points to: dlsym returns the
    /// address of the pointer variable, not of the object.
    /// </summary>
    public unsafe nint ResolvePointerVariable(string symbol)
    {
        var address = Resolve(symbol);
        return address == 0 ? 0 : *(nint*)address;
    }

    /// <summary>Throws when any lookup failed, naming every missing symbol.</summary>
    public void ThrowIfMissing(string libraryPath)
    {
        if (_missing.Count > 0)
        {
            throw new PythonStartupException(
                $"{libraryPath} lacks {_missing.Count} symbol(s) Gantry needs ({string.Join(", ", _missing)}). " +
                "Gantry supports CPython 3.10 to 3.13 built with the GIL; point python-library, home or virtualenv at one.");
        }
    }
}
