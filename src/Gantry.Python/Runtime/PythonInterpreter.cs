using System.Runtime.InteropServices;
using Gantry.Posix.Native;
using Gantry.Python.Native;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Runtime;

/// <summary>
/// The embedded interpreter's lifecycle: initialise on the process's main thread (signal.signal() only works
/// there, and Py_FinalizeEx must run there), park the main thread state while no loop thread holds the GIL,
/// and finalise with a watchdog, because Py_FinalizeEx joins the application's non-daemon threads.
/// </summary>
internal sealed unsafe class PythonInterpreter
{
    private readonly ILogger _logger;
    private nint _mainThreadState;

    private PythonInterpreter(ILogger logger, int mainThreadId, string version)
    {
        _logger = logger;
        MainThreadId = mainThreadId;
        Version = version;
    }

    /// <summary>The managed id of the thread that initialised Python (loop thread 0 must be it).</summary>
    public int MainThreadId { get; }

    /// <summary>Py_GetVersion()'s text, e.g. "3.11.2 (main, …) [GCC 12.2.0]".</summary>
    public string Version { get; }

    /// <summary>
    /// Binds libpython and initialises it. The calling thread holds the GIL on return.
    /// Py_InitializeEx(0): no Python signal handlers; the server owns signals.
    /// </summary>
    public static PythonInterpreter Initialize(PythonInstallation installation, PythonHostOptions options, ILogger logger)
    {
        CPython.Load(installation.LibraryPath);
        if (CPython.Hosted)
        {
            // Python is the process and this is its main thread, holding the GIL (ctypes.PyDLL keeps it).
            var hostedVersion = Marshal.PtrToStringUTF8((nint)CPython.Py_GetVersion()) ?? "?";
            PythonLog.InterpreterStarted(logger, hostedVersion, CPython.LibraryPath!, "(hosted)");
            return _hostProcessInterpreter = new PythonInterpreter(logger, Environment.CurrentManagedThreadId, hostedVersion);
        }
        if (CPython.Py_IsInitialized() != 0)
        {
            throw new InvalidOperationException("Python is already initialised in this process.");
        }
        var programName = options.ProgramName ?? installation.InterpreterPath;
        if (programName is not null)
        {
            CPython.Py_SetProgramName(PermanentWideString(programName));
        }
        if (options.Optimize > 0)
        {
            if (CPython.Py_OptimizeFlag is not null)
            {
                *CPython.Py_OptimizeFlag = options.Optimize;
            }
            else
            {
                PythonLog.OptimizeUnavailable(logger, installation.LibraryPath);
            }
        }
        CPython.Py_InitializeEx(0);
        if (CPython.Py_IsInitialized() == 0)
        {
            throw new PythonStartupException($"Python from {installation.LibraryPath} failed to initialise; see its messages above.");
        }
        var version = Marshal.PtrToStringUTF8((nint)CPython.Py_GetVersion()) ?? "?";
        PythonLog.InterpreterStarted(logger, version, installation.LibraryPath, programName ?? "(default)");
        return new PythonInterpreter(logger, Environment.CurrentManagedThreadId, version);
    }

    // The interpreter when Python is the process (python-host = executable), else null.
    private static PythonInterpreter? _hostProcessInterpreter;

    /// <summary>
    /// Hosted: gives the python executable its main thread back holding the GIL, as it called gantry_main, whatever
    /// path gantry took out (a normal stop has done so already; a start-up failure left the GIL released).
    /// </summary>
    public static void ReturnToHost()
    {
        if (_hostProcessInterpreter is { _mainThreadState: not 0 } interpreter)
        {
            interpreter.AcquireMainThread();
        }
    }

    /// <summary>Releases the GIL from the main thread, keeping its thread state for later.</summary>
    public void ReleaseMainThread()
    {
        RequireMainThread();
        _mainThreadState = CPython.PyEval_SaveThread();
    }

    /// <summary>Takes the GIL back on the main thread with the state parked by <see cref="ReleaseMainThread"/>.</summary>
    public void AcquireMainThread()
    {
        RequireMainThread();
        var state = _mainThreadState;
        if (state == 0)
        {
            throw new InvalidOperationException("The main thread already holds the GIL (attached twice?).");
        }
        _mainThreadState = 0;
        CPython.PyEval_RestoreThread(state);
    }

    /// <summary>
    /// Runs Py_FinalizeEx (atexit handlers, joins of non-daemon threads) on the main thread. A watchdog thread
    /// logs and calls _exit(1) if it has not returned within <paramref name="mercy"/>.
    /// </summary>
    /// <param name="mercy">How long finalization may take.</param>
    /// <param name="beforeFinalize">Runs with the GIL held just before Py_FinalizeEx (release held references).</param>
    public void FinalizeWithin(TimeSpan mercy, Action beforeFinalize)
    {
        RequireMainThread();
        if (_mainThreadState != 0)
        {
            AcquireMainThread();
        }
        beforeFinalize();
        if (CPython.Hosted)
        {
            // The python executable finalises when gantry_main returns to it (GIL held, as it was given).
            return;
        }
        using var finished = new ManualResetEventSlim();
        var watchdog = new Thread(() =>
        {
            if (!finished.Wait(mercy))
            {
                PythonLog.FinalizeTimedOut(_logger, mercy);
                LibC._exit(PythonStartupException.GeneralFailureExitCode);
            }
        })
        {
            IsBackground = true,
            Name = "python-finalize-watchdog",
        };
        watchdog.Start();
        var status = CPython.Py_FinalizeEx();
        finished.Set();
        watchdog.Join();
        PythonLog.InterpreterFinalized(_logger, status);
    }

    private void RequireMainThread()
    {
        if (Environment.CurrentManagedThreadId != MainThreadId)
        {
            throw new InvalidOperationException("Only the thread that initialised Python (loop thread 0) can do this.");
        }
    }

    /// <summary>A NUL-terminated wchar_t string (UTF-32 on Linux) that is never freed: Python keeps the pointer.</summary>
    private static nint PermanentWideString(string text)
    {
        var codePoints = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            codePoints.Add(rune.Value);
        }
        var memory = (int*)NativeMemory.AllocZeroed((nuint)(codePoints.Count + 1), sizeof(int));
        for (var i = 0; i < codePoints.Count; i++)
        {
            memory[i] = codePoints[i];
        }
        return (nint)memory;
    }
}
