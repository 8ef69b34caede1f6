using System.Text;
using Gantry.Python.Native;

namespace Gantry.Python.Runtime;

/// <summary>
/// The <c>_gantry</c> module: Python helpers the host runs (traceback formatting, loaders, wsgi.input and
/// wsgi.file_wrapper classes) and the C functions they call. It lives in sys.modules for the life of the
/// interpreter, so references borrowed from its dict stay valid until finalization.
/// </summary>
internal static unsafe class GantryModule
{
    private static nint _dictionary;

    /// <summary>The module's dict (borrowed; the module is kept alive by sys.modules).</summary>
    public static PyBorrowed Dictionary => new(_dictionary);

    /// <summary>Creates the module. Call once, with the GIL held, right after initialization.</summary>
    public static void Create()
    {
        nint module;
        fixed (byte* name = "_gantry"u8)
        {
            module = CPython.PyImport_AddModule(name);
        }
        if (module == 0)
        {
            throw new PythonStartupException("Cannot create the _gantry helper module:\n" + PythonErrors.TakeTraceback());
        }
        _dictionary = CPython.PyModule_GetDict(module);
    }

    /// <summary>Executes <paramref name="source"/> in the module's namespace (start-up only).</summary>
    public static void Run(string source)
    {
        var bytes = Encoding.UTF8.GetBytes(source + "\0");
        fixed (byte* code = bytes)
        {
            using var result = PyOwned.Steal(CPython.PyRun_StringFlags(code, CPython.Py_file_input, _dictionary, _dictionary, 0));
            if (result.IsNull)
            {
                throw new PythonStartupException("Gantry's Python helpers failed to load:\n" + PythonErrors.TakeTraceback());
            }
        }
    }

    /// <summary>A module attribute defined by <see cref="Run"/> (borrowed: the module holds it).</summary>
    /// <param name="name">A u8 literal: those carry a terminating NUL the C API needs.</param>
    public static PyBorrowed Get(ReadOnlySpan<byte> name)
    {
        fixed (byte* key = name)
        {
            var value = CPython.PyDict_GetItemString(_dictionary, key);
            return value != 0 ? new PyBorrowed(value) : throw new InvalidOperationException($"_gantry.{Encoding.UTF8.GetString(name)} is missing");
        }
    }

    /// <summary>Sets a module attribute (the module takes its own reference).</summary>
    /// <param name="name">A u8 literal (NUL-terminated).</param>
    public static void Set(ReadOnlySpan<byte> name, PyBorrowed value)
    {
        fixed (byte* key = name)
        {
            if (CPython.PyDict_SetItemString(_dictionary, key, value.Pointer) != 0)
            {
                throw new PythonStartupException("Cannot set a _gantry attribute:\n" + PythonErrors.TakeTraceback());
            }
        }
    }
}
