using Gantry.Posix.Native;

namespace Gantry.Python.Native;

/// <summary>
/// The CPython C API as unmanaged function pointers, bound by name from the libpython this process opened.
/// Static because a process holds one interpreter. Only exported functions and data symbols are used
/// (no macros, no struct offsets), so one binary serves CPython 3.10, 3.11, 3.12 and 3.13. Every call
/// except the lifecycle ones needs the calling thread to hold the GIL.
/// A few leaf functions called many times per request are <c>[SuppressGCTransition]</c> (no switch of the .NET thread to
/// preemptive mode and back, about a tenth of a microsecond saved per four calls): only functions that cannot run Python
/// code or allocate a GC-tracked object (so no gc collection, whose gc.callbacks call back into .NET, which a suppressed
/// transition forbids), and that return at once: Py_IncRef, PyErr_Occurred, PyLong_FromLong, PyBytes_FromStringAndSize.
/// </summary>
internal static unsafe partial class CPython
{
    /// <summary><c>Py_file_input</c>: PyRun_String compiles a sequence of statements (Include/compile.h).</summary>
    public const int Py_file_input = 257;

    /// <summary><c>Py_eval_input</c>: PyRun_String compiles one expression.</summary>
    public const int Py_eval_input = 258;

    /// <summary>The path of the bound library, or null before <see cref="Load"/>.</summary>
    public static string? LibraryPath { get; private set; }

    /// <summary>
    /// True when Python is the process (Gantry loaded as a shared library into a running <c>/usr/bin/python3</c>, which
    /// exports the C API from its own statically linked, PGO+LTO interpreter): the API is bound from the main program,
    /// and Python is already initialised, so Gantry neither initialises nor finalises it.
    /// </summary>
    public static bool Hosted { get; private set; }

    /// <summary>
    /// Opens <paramref name="libraryPath"/> with RTLD_NOW | RTLD_GLOBAL (extension modules such as _ctypes
    /// resolve Py* symbols from the global namespace) and binds every function Gantry calls.
    /// </summary>
    public static void Load(string libraryPath)
    {
        if (LibraryPath is not null)
        {
            throw new InvalidOperationException($"libpython is already loaded from {LibraryPath}; a process holds one interpreter.");
        }
        // Bind the dlerror import (and clear any stale error) before dlopen: resolving an import lazily goes
        // through the loader itself, which would otherwise wipe dlopen's error before we read it.
        LibC.dlerror();
        // Hosted: the main program (python3) exports an initialised C API; bind it instead of opening libpython.
        var self = LibC.dlopen(null, LibC.RTLD_NOW);
        if (self != 0 && LibC.dlsym(self, nameof(Py_IsInitialized)) is var isInitialized and not 0
            && ((delegate* unmanaged<int>)isInitialized)() != 0)
        {
            BindAll(new ExportResolver(self), "the running python executable");
            LibraryPath = Environment.ProcessPath ?? "python";
            Hosted = true;
            return;
        }
        // RTLD_GLOBAL: C extension modules, loaded later by Python itself, resolve their Py* symbols from libpython.
        var handle = LibC.dlopen(libraryPath, LibC.RTLD_NOW | LibC.RTLD_GLOBAL);
        if (handle == 0)
        {
            throw new PythonStartupException(
                $"Cannot load libpython from {libraryPath}: {LibC.LastLoaderError()}. " +
                "Install the shared library (Debian: libpython3.X) or set python-library to its path.");
        }
        BindAll(new ExportResolver(handle), libraryPath);
        LibraryPath = libraryPath;
    }

    private static void BindAll(ExportResolver resolver, string libraryPath)
    {
        BindLifecycle(resolver);
        BindObjects(resolver);
        BindContainers(resolver);
        BindText(resolver);
        BindErrors(resolver);
        BindCalls(resolver);
        BindCoroutines(resolver);
        resolver.ThrowIfMissing(libraryPath);
    }
}
