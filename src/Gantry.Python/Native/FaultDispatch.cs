using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gantry.Python.Native;

/// <summary>
/// Python's faulthandler beside .NET's own fault handling (<c>fault_dispatch.c</c>, linked into the NativeAOT
/// executable): a crash in a C extension logs every Python thread's traceback, as uWSGI logs a C backtrace, while a
/// fault in gantry's own code stays .NET's (a NullReferenceException, not a dead worker). Only the shipped NativeAOT
/// binary has the C half; a JIT build (the unit tests) leaves fault handling as it is.
/// </summary>
internal static partial class FaultDispatch
{
    private const string Library = "gantry_fault_dispatch";

    private static bool _runtimeSaved;

    /// <summary>Whether this build carries the dispatch (NativeAOT).</summary>
    public static bool Available => !RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Before Python starts (PYTHONFAULTHANDLER would install faulthandler then): remembers .NET's handlers.</summary>
    public static void SaveRuntimeHandlers()
    {
        _runtimeSaved = Available && gantry_fault_dispatch_save_runtime() == 0;
    }

    /// <summary>
    /// After <c>faulthandler.enable()</c>: puts the dispatch in front of both. False when the handlers could not be
    /// read or set (the faulthandler then owns the signals, and the caller disables it again).
    /// </summary>
    public static bool Install() => _runtimeSaved && gantry_fault_dispatch_install() == 0;

    /// <summary>True once <see cref="SaveRuntimeHandlers"/> found what it needs.</summary>
    public static bool Ready => _runtimeSaved;

    [LibraryImport(Library)]
    private static partial int gantry_fault_dispatch_save_runtime();

    [LibraryImport(Library)]
    private static partial int gantry_fault_dispatch_install();
}
