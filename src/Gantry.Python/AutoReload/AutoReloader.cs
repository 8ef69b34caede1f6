using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.AutoReload;

/// <summary>
/// Starts py-autoreload's watcher thread in this worker (see <see cref="AutoReloaderSource"/>). uWSGI starts one in
/// every worker and each may signal the master; Gantry's master ignores a reload request while it is already
/// reloading (it re-executes once every worker is gone), so several workers seeing the same change make one reload.
/// </summary>
internal static unsafe class AutoReloader
{
    /// <summary>Defines and starts the thread. Start-up only, with the GIL held; the thread runs once the GIL is released.</summary>
    /// <exception cref="PythonStartupException">The helper failed to start (the message carries the traceback).</exception>
    public static void Start(PythonHostOptions options, ILogger logger)
    {
        GantryModule.Run(AutoReloaderSource.Code);
        using var interval = PyOwned.Steal(CPython.PyLong_FromLong(options.AutoReloadSeconds));
        using var ignored = PyOwned.Steal(CPython.PyList_New(0));
        if (interval.IsNull || ignored.IsNull)
        {
            throw Failed();
        }
        foreach (var name in options.AutoReloadIgnore)
        {
            using var text = PyOwned.Steal(StartupCalls.NewString(name));
            if (text.IsNull || CPython.PyList_Append(ignored.Pointer, text.Pointer) != 0)
            {
                throw Failed();
            }
        }
        using var arguments = PyOwned.Steal(CPython.PyTuple_New(2));
        if (arguments.IsNull)
        {
            throw Failed();
        }
        // PyTuple_SetItem steals a reference: hand it one of its own.
        CPython.Py_IncRef(interval.Pointer);
        CPython.PyTuple_SetItem(arguments.Pointer, 0, interval.Pointer);
        CPython.Py_IncRef(ignored.Pointer);
        CPython.PyTuple_SetItem(arguments.Pointer, 1, ignored.Pointer);
        using var started = PyOwned.Steal(CPython.PyObject_CallObject(GantryModule.Get("start_autoreloader"u8).Pointer, arguments.Pointer));
        if (started.IsNull)
        {
            throw Failed();
        }
        PythonLog.AutoReloaderEnabled(logger, Environment.ProcessId, options.AutoReloadSeconds);
        var failedFiles = StartupCalls.Strings(GantryModule.Get("failed_files"u8)).Where(File.Exists).Distinct().ToList();
        if (failedFiles.Count > 0)
        {
            PythonLog.AutoReloadWaitingForFix(logger, string.Join(", ", failedFiles));
        }
    }

    private static PythonStartupException Failed() =>
        new("Cannot start the Python auto-reloader:\n" + PythonErrors.TakeTraceback());
}
