using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Wsgi;

/// <summary>
/// A loaded WSGI application (or none, when it failed to load and need-app is off) as the server's
/// <see cref="IApplication"/>. Holds the callable until shutdown.
/// </summary>
internal sealed class WsgiApplication : IApplication
{
    private readonly PythonInterpreter? _interpreter;
    private readonly ILogger _logger;
    private PyHeld _callable;

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

    /// <summary>The options the application was loaded with.</summary>
    public PythonHostOptions Options { get; }

    /// <summary>False when the application failed to load: every request is answered 500.</summary>
    public bool IsLoaded => !_callable.IsEmpty;

    /// <summary>The WSGI callable (borrowed from this object).</summary>
    public PyBorrowed Callable => _callable.Borrow();

    /// <inheritdoc />
    public IApplicationThread AttachThread(int threadIndex)
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

    /// <summary>Releases the callable (GIL held, before finalization).</summary>
    public void Release() => _callable.Release();
}
