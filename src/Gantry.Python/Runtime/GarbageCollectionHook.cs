using System.Runtime.InteropServices;
using Gantry.Application;
using Gantry.Python.Native;

namespace Gantry.Python.Runtime;

/// <summary>
/// Python's garbage collections counted for the metrics (issue 16 §3): a <c>gc.callbacks</c> entry calls
/// <c>_gantry._gc_done(generation, collected, uncollectable)</c> at the end of each collection, which hands them to the
/// process's <see cref="IRuntimeCounters"/> (a worker's scoreboard record). A collection pays one small call; a
/// request pays nothing.
/// </summary>
internal static unsafe class GarbageCollectionHook
{
    private const string Source = """
        import gc as _gc

        def _gc_callback(phase, info, _done=_gc_done):
            if phase == "stop":
                _done(info["generation"], info["collected"], info["uncollectable"])

        _gc.callbacks.append(_gc_callback)
        """;

    private static IRuntimeCounters? _counters;

    /// <summary>Start-up, GIL held: counts every collection from now on into <paramref name="counters"/>.</summary>
    public static void Install(IRuntimeCounters counters)
    {
        _counters = counters;
        var definition = PyMethodDefinition.AllocatePermanent(
            "_gc_done"u8, (delegate* unmanaged<nint, nint*, nint, nint>)&Done, PyMethodDefinition.METH_FASTCALL);
        using var callable = PyOwned.Steal(CPython.PyCFunction_NewEx(definition, 0, 0));
        if (callable.IsNull)
        {
            throw new PythonStartupException("Cannot create the garbage collection counter:\n" + PythonErrors.TakeTraceback());
        }
        GantryModule.Set("_gc_done"u8, callable.Borrow());
        GantryModule.Run(Source);
    }

    /// <summary><c>_gc_done(generation, collected, uncollectable)</c>, METH_FASTCALL.</summary>
    [UnmanagedCallersOnly]
    private static nint Done(nint module, nint* arguments, nint count)
    {
        try
        {
            if (count == 3 && _counters is { } counters)
            {
                var generation = CPython.PyLong_AsLong(arguments[0]);
                var collected = CPython.PyLong_AsLong(arguments[1]);
                var uncollectable = CPython.PyLong_AsLong(arguments[2]);
                if (CPython.ErrorPending)
                {
                    return 0;
                }
                counters.CountGarbageCollection((int)generation, collected, uncollectable);
            }
            return CPython.NewNone();
        }
        catch (Exception exception)
        {
            return CPython.RaiseInternalError(exception);
        }
    }
}
