using Gantry.Application;
using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Asgi;

/// <summary>
/// A loaded ASGI 3 application as the server's <see cref="IApplication"/>: the app, loop thread 0's asyncio loop
/// (made on the main thread before the app was imported, so code that asks for the event loop at import gets it), and
/// the worker's lifespan (run on that loop before serving, shut down when thread 0 detaches) with its state dict.
/// </summary>
internal sealed class AsgiApplication : IApplication, IPythonHost
{
    private readonly PythonInterpreter? _interpreter;
    private readonly ILogger _logger;
    private readonly AsgiLifespan? _lifespan;
    private PyHeld _callable;
    private PyHeld _mainLoop;

    public AsgiApplication(PythonInterpreter? interpreter, AsgiOptions options, PyHeld callable, PyHeld mainLoop, AsgiLifespan? lifespan, ILogger logger)
    {
        _interpreter = interpreter;
        Options = options;
        _callable = callable;
        _mainLoop = mainLoop;
        _lifespan = lifespan;
        _logger = logger;
    }

    /// <summary>The app's module:attribute, for messages.</summary>
    public string Name { get; init; } = "the ASGI app";

    /// <summary>How to serve.</summary>
    public AsgiOptions Options { get; }

    /// <inheritdoc />
    public IApplication Application => this;

    /// <inheritdoc />
    public bool IsLoaded => true;

    /// <summary>The app (borrowed from this object).</summary>
    public PyBorrowed Callable => _callable.Borrow();

    /// <summary>The lifespan state each scope gets a copy of, or null when lifespan did not run.</summary>
    public PyBorrowed State => _lifespan?.State ?? default;

    /// <inheritdoc />
    public IApplicationThread AttachThread(int threadIndex, ILoopServices loop)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threadIndex);
        if (_interpreter is null)
        {
            throw new InvalidOperationException("This application was loaded for tests; use AttachCurrentHolder.");
        }
        var state = threadIndex == 0 ? PythonThreadState.AttachMain(_interpreter) : PythonThreadState.AttachOther();
        return Attach(threadIndex, loop, state);
    }

    /// <summary>An ASGI thread for a thread that already holds the GIL and keeps it (tests).</summary>
    internal AsgiThread AttachCurrentHolder(int threadIndex, ILoopServices loop) => Attach(threadIndex, loop, PythonThreadState.ForCurrentHolder());

    /// <summary>Releases the app and what is left of the main loop (GIL held, before finalization).</summary>
    public void Release()
    {
        _lifespan?.Release();
        _callable.Release();
        _mainLoop.Release();
    }

    private AsgiThread Attach(int threadIndex, ILoopServices loop, PythonThreadState state)
    {
        PyHeld asyncio = default;
        if (threadIndex == 0 && !_mainLoop.IsEmpty)
        {
            asyncio.Hold(_mainLoop.Borrow());
        }
        else
        {
            var created = AsgiPump.NewAsyncioLoop(threadIndex);
            if (created == 0)
            {
                throw new PythonStartupException("Cannot create the thread's asyncio loop:\n" + PythonErrors.TakeTraceback());
            }
            asyncio.Adopt(created);
        }
        var pump = AsgiPump.Attach(threadIndex, loop, asyncio.Borrow(), _logger);
        asyncio.Release();
        Action? beforeClose = threadIndex == 0 && _lifespan is { } lifespan ? () => lifespan.Shutdown(Options.ShutdownTimeout) : null;
        return new AsgiThread(this, state, pump, _logger, beforeClose);
    }
}
