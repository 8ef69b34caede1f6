using Gantry.Application;
using Gantry.Python.Mounts;
using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Wsgi;

/// <summary>
/// A loaded WSGI application (or none, when it failed to load and need-app is off) as the server's
/// <see cref="IApplication"/>; with mounts, the app table (<see cref="Mounts"/>) and one callable per entry.
/// Holds the callables until shutdown.
/// </summary>
internal sealed class WsgiApplication : IApplication, IPythonHost
{
    private readonly PythonInterpreter? _interpreter;
    private readonly ILogger _logger;
    private PyHeld _callable;
    private readonly PyHeld[] _mounted = [];

    /// <param name="interpreter">The interpreter, for loop thread 0 taking the main thread state; null in tests.</param>
    /// <param name="options">The host options (wsgi.multithread, wsgi.multiprocess).</param>
    /// <param name="callable">The callable; empty for "no app loaded". Its reference moves into this object.</param>
    /// <param name="logger">The host's logger.</param>
    public WsgiApplication(PythonInterpreter? interpreter, PythonHostOptions options, PyHeld callable, ILogger logger)
    {
        _interpreter = interpreter;
        Options = options;
        _callable = callable;
        _logger = logger;
    }

    /// <summary>An app table: requests pick one of <paramref name="callables"/> through <paramref name="mounts"/>.</summary>
    /// <param name="interpreter">The interpreter, for loop thread 0 taking the main thread state; null in tests.</param>
    /// <param name="options">The host options (wsgi.multithread, wsgi.multiprocess).</param>
    /// <param name="mounts">The table; entry i is served by callables[i].</param>
    /// <param name="callables">One callable per table entry; their references move into this object.</param>
    /// <param name="logger">The host's logger.</param>
    public WsgiApplication(PythonInterpreter? interpreter, PythonHostOptions options, MountTable mounts, PyHeld[] callables, ILogger logger)
        : this(interpreter, options, default(PyHeld), logger)
    {
        Mounts = mounts;
        _mounted = callables;
    }

    /// <summary>The app table, or null when one application serves every request (the common case, no lookup).</summary>
    public MountTable? Mounts { get; }

    /// <summary>The options the application was loaded with.</summary>
    public PythonHostOptions Options { get; }

    /// <inheritdoc />
    public IApplication Application => this;

    /// <summary>False when no application loaded: every request is answered 500.</summary>
    public bool IsLoaded => Mounts is null ? !_callable.IsEmpty : Mounts.Count > 0;

    /// <summary>The WSGI callable when there is no app table (borrowed from this object).</summary>
    public PyBorrowed Callable => _callable.Borrow();

    /// <summary>The callable of app table entry <paramref name="index"/> (borrowed from this object).</summary>
    public PyBorrowed MountedCallable(int index) => _mounted[index].Borrow();

    /// <inheritdoc />
    public IApplicationThread AttachThread(int threadIndex, ILoopServices loop)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threadIndex);
        if (_interpreter is null)
        {
            throw new InvalidOperationException("This application was loaded for tests; use AttachCurrentHolder.");
        }
        var state = threadIndex == 0 ? PythonThreadState.AttachMain(_interpreter) : PythonThreadState.AttachOther();
        return new WsgiThread(this, state, _logger);
    }

    /// <summary>A WSGI thread for a thread that already holds the GIL and keeps it (tests, benchmarks).</summary>
    internal WsgiThread AttachCurrentHolder() => new(this, PythonThreadState.ForCurrentHolder(), _logger);

    /// <summary>Releases the callables (GIL held, before finalization).</summary>
    public void Release()
    {
        _callable.Release();
        for (var i = 0; i < _mounted.Length; i++)
        {
            _mounted[i].Release();
        }
    }
}
