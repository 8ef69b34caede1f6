using Gantry.Application;
using Gantry.Python.AutoReload;
using Gantry.Python.Mounts;
using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Gantry.Python.Wsgi;
using Microsoft.Extensions.Logging;

namespace Gantry.Python;

/// <summary>
/// The embedded CPython interpreter and the WSGI application it serves. One per process, started and shut
/// down on the process's main thread:
/// <code>
/// var runtime = PythonRuntime.Start(options, loggers);        // main thread; the GIL is released on return
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
    private readonly WsgiApplication _application;
    private bool _shutDown;

    private PythonRuntime(PythonInterpreter interpreter, WsgiApplication application, PythonInstallation installation)
    {
        _interpreter = interpreter;
        _application = application;
        Installation = installation;
    }

    /// <summary>The WSGI host the server's loop threads attach to.</summary>
    public IApplication Application => _application;

    /// <summary>The running Python's version text (Py_GetVersion), for banners.</summary>
    public string Version => _interpreter.Version;

    /// <summary>False when no application loaded and need-app is off (every request gets a 500).</summary>
    public bool ApplicationLoaded => _application.IsLoaded;

    internal PythonInstallation Installation { get; }

    /// <summary>
    /// Locates and loads libpython, initialises it on the calling thread (which becomes Python's main thread,
    /// and must be loop thread 0), puts pythonpath and the app's directory on sys.path and loads the WSGI app.
    /// </summary>
    /// <exception cref="PythonStartupException">
    /// Python could not be found, loaded or initialised, or the app failed to load with need-app set
    /// (<see cref="PythonStartupException.ExitCode"/> 22). The message says what to fix, with the traceback.
    /// </exception>
    public static PythonRuntime Start(PythonHostOptions options, ILoggerFactory loggers)
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
        var interpreter = PythonInterpreter.Initialize(installation, options, logger);
        try
        {
            GantryModule.Create();
            GantryModule.Run(RuntimeHelpersSource.Code);
            PythonErrors.UseFormatter(GantryModule.Get("format_exception"u8));
            WsgiPython.Initialize();
            ApplicationLoader.ExtendSysPath(options, logger);
            StartupModules.SetArgv(options);
            StartupModules.Import(options, logger);
            var application = LoadApplication(interpreter, options, logger);
            if (options.AutoReloadSeconds > 0 && options.UnderMaster)
            {
                AutoReloader.Start(options, logger);
            }
            else if (options.AutoReloadSeconds > 0)
            {
                PythonLog.AutoReloadNeedsMaster(logger);
            }
            return new PythonRuntime(interpreter, application, installation);
        }
        finally
        {
            interpreter.ReleaseMainThread();
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
        _interpreter.FinalizeWithin(mercy, _application.Release);
    }

    /// <summary>
    /// Loads another application into the running interpreter (GIL held by the caller): tests use it to try
    /// many apps in one process, since Python initialises once per process.
    /// </summary>
    internal WsgiApplication LoadApplication(PythonHostOptions options, ILogger logger)
    {
        ApplicationLoader.ExtendSysPath(options, logger);
        return LoadApplication(null, options, logger);
    }

    private static WsgiApplication LoadApplication(PythonInterpreter? interpreter, PythonHostOptions options, ILogger logger)
    {
        var callable = default(PyHeld);
        if (options.WsgiFile is null && options.Module is null && options.Mounts.Count == 0)
        {
            if (options.NeedApp)
            {
                throw new PythonStartupException("need-app is set but no app is configured: set wsgi-file or module.",
                    PythonStartupException.FailedApplicationExitCode);
            }
            PythonLog.NoApplicationLoaded(logger);
            return new WsgiApplication(interpreter, options, callable, logger);
        }
        if (options.Mounts.Count > 0 || options.NoDefaultApp)
        {
            var (table, callables) = MountLoader.Load(options, logger);
            return new WsgiApplication(interpreter, options, table, callables, logger);
        }
        try
        {
            ApplicationLoader.Load(options, logger, ref callable);
        }
        catch (PythonStartupException) when (!options.NeedApp)
        {
            // uWSGI without need-app: keep serving, every request gets a 500 (logged at load and per request).
        }
        return new WsgiApplication(interpreter, options, callable, logger);
    }
}
