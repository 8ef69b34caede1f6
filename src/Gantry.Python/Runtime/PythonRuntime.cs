using Gantry.Application;
using Gantry.Python.AutoReload;
using Gantry.Python.Native;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Runtime;

/// <summary>
/// The embedded CPython interpreter's life, whatever host it serves (WSGI in <c>Wsgi/</c>; ASGI would sit beside it):
/// locate, initialise, set up sys.path and argv, load the host, finalise. One per process, started and shut down
/// on the process's main thread:
/// <code>
/// var runtime = WsgiHost.Start(options, loggers);             // main thread; the GIL is released on return
/// using (var thread0 = runtime.Application.AttachThread(0, server.Loop))  // main thread: holds the GIL from here on
/// {
///     // per request: thread0.Invoke(context, sink, out var continuation); around epoll_wait: EnterWait()/LeaveWait()
/// }
/// runtime.Shutdown(TimeSpan.FromSeconds(5));                  // main thread, after every loop thread detached
/// </code>
/// Other loop threads call AttachThread(i, loop) on their own thread and get their own Python thread state.
/// </summary>
public sealed class PythonRuntime
{
    private static int _started;

    private readonly PythonInterpreter _interpreter;
    private readonly IPythonHostLoader _loader;
    private readonly IPythonHost _host;
    private bool _shutDown;

    private PythonRuntime(PythonInterpreter interpreter, IPythonHostLoader loader, IPythonHost host, PythonInstallation installation)
    {
        _interpreter = interpreter;
        _loader = loader;
        _host = host;
        Installation = installation;
    }

    /// <summary>The host (WSGI, …) the server's loop threads attach to.</summary>
    public IApplication Application => _host.Application;

    /// <summary>The running Python's version text (Py_GetVersion), for banners.</summary>
    public string Version => _interpreter.Version;

    /// <summary>False when no application loaded and need-app is off (every request gets a 500).</summary>
    public bool ApplicationLoaded => _host.IsLoaded;

    internal PythonInstallation Installation { get; }

    /// <summary>
    /// Locates and loads libpython, initialises it on the calling thread (which becomes Python's main thread,
    /// and must be loop thread 0), puts pythonpath and the app's directory on sys.path and lets
    /// <paramref name="loader"/> load its host (for WSGI, Wsgi/WsgiHost.Start calls this).
    /// </summary>
    /// <exception cref="PythonStartupException">
    /// Python could not be found, loaded or initialised, or the app failed to load with need-app set
    /// (<see cref="PythonStartupException.ExitCode"/> 22). The message says what to fix, with the traceback.
    /// </exception>
    internal static PythonRuntime Start(PythonHostOptions options, ILoggerFactory loggers, IPythonHostLoader loader)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("Python can be started once per process.");
        }
        var logger = loggers.CreateLogger("Gantry.Python");
        var installation = PythonLocator.Locate(options);
        if (installation.Version >= new System.Version(3, 14))
        {
            PythonLog.UntestedPythonVersion(logger, installation.Version.ToString());
        }
        FaultDispatch.SaveRuntimeHandlers();
        var interpreter = PythonInterpreter.Initialize(installation, options, logger);
        try
        {
            GantryModule.Create();
            GantryModule.Run(RuntimeHelpersSource.Code);
            EnableFaultHandler();
            if (options.RuntimeCounters is { } counters)
            {
                GarbageCollectionHook.Install(counters);
            }
            PythonErrors.UseFormatter(GantryModule.Get("format_exception"u8));
            loader.Initialize();
            ApplicationLoader.ExtendSysPath(options, logger);
            StartupModules.SetArgv(options);
            StartupModules.Import(options, logger);
            var host = loader.Load(interpreter, options, logger);
            if (options.AutoReloadSeconds > 0 && options.UnderMaster)
            {
                AutoReloader.Start(options, logger);
            }
            else if (options.AutoReloadSeconds > 0)
            {
                PythonLog.AutoReloadNeedsMaster(logger);
            }
            return new PythonRuntime(interpreter, loader, host, installation);
        }
        finally
        {
            interpreter.ReleaseMainThread();
        }
    }

    /// <summary>
    /// A segfault (or bus error, illegal instruction, floating-point trap) in a C extension logs every Python thread's
    /// traceback to the log before the worker dies and is respawned, through faulthandler behind the fault dispatch
    /// (<see cref="FaultDispatch"/>). Without the dispatch (a JIT build) faulthandler stays off: over .NET's handlers
    /// it would end the process at a NullReferenceException that .NET would have caught.
    /// </summary>
    private static void EnableFaultHandler()
    {
        if (!FaultDispatch.Ready)
        {
            return;
        }
        GantryModule.Run("import faulthandler as _faulthandler\n_faulthandler.enable(file=sys.stderr, all_threads=True)\n");
        if (!FaultDispatch.Install())
        {
            GantryModule.Run("_faulthandler.disable()\n");
        }
    }

    /// <summary>
    /// Finalises Python on the main thread (atexit handlers run; non-daemon threads are joined). If that has not
    /// returned within <paramref name="mercy"/>, logs it and ends the process with _exit(1).
    /// Call after every loop thread disposed its <see cref="IApplicationThread"/>.
    /// </summary>
    public void Shutdown(TimeSpan mercy)
    {
        if (_shutDown)
        {
            return;
        }
        _shutDown = true;
        _interpreter.FinalizeWithin(mercy, _host.Release);
    }

    /// <summary>
    /// The python executable that python-host = executable runs: <c>&lt;home&gt;/bin/python3</c> of a virtualenv or
    /// prefix, else /usr/bin/python3 (never the python3 on PATH).
    /// </summary>
    /// <exception cref="PythonStartupException">home has no bin/python3, or /usr/bin/python3 is missing.</exception>
    public static string HostingInterpreter(string? home) => PythonLocator.InterpreterForHome(home);

    /// <summary>
    /// python-host = executable, on the thread that called gantry_main, before returning to python: takes the GIL back
    /// if Gantry left it released (python would crash running without it). Nothing when Python is embedded.
    /// </summary>
    public static void ReturnToHost() => PythonInterpreter.ReturnToHost();

    /// <summary>
    /// Loads another host into the running interpreter (GIL held by the caller): tests use it to try many apps in
    /// one process, since Python initialises once per process.
    /// </summary>
    internal IPythonHost LoadHost(PythonHostOptions options, ILogger logger) => LoadHost(options, logger, _loader);

    /// <summary>As <see cref="LoadHost(PythonHostOptions, ILogger)"/> with another kind of host (tests: ASGI beside WSGI).</summary>
    internal IPythonHost LoadHost(PythonHostOptions options, ILogger logger, IPythonHostLoader loader)
    {
        loader.Initialize();
        ApplicationLoader.ExtendSysPath(options, logger);
        return loader.Load(null, options, logger);
    }
}
