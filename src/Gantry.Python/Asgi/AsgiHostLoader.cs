using Gantry.Python.Native;
using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Asgi;

/// <summary>
/// Loads the ASGI host: thread 0's asyncio loop first (set as the main thread's event loop), then the app (uvicorn's
/// <c>--factory</c> calls it), then lifespan startup. A failure always stops start-up with exit 22: an ASGI server
/// without its app has nothing to serve.
/// </summary>
internal sealed unsafe class AsgiHostLoader : IPythonHostLoader
{
    public static readonly AsgiHostLoader Instance = new();

    /// <inheritdoc />
    public void Initialize() => AsgiPython.Initialize();

    /// <inheritdoc />
    public IPythonHost Load(PythonInterpreter? interpreter, PythonHostOptions options, ILogger logger)
    {
        var asgi = options.Asgi ?? throw new ArgumentException("no ASGI options", nameof(options));
        PyHeld mainLoop = default;
        mainLoop.Adopt(AsgiPump.NewAsyncioLoop(0));
        if (mainLoop.IsEmpty)
        {
            throw new PythonStartupException("Cannot create the asyncio loop:\n" + PythonErrors.TakeTraceback());
        }
        var callable = default(PyHeld);
        ApplicationLoader.Load(options with { NeedApp = true }, logger, ref callable);
        if (asgi.Factory)
        {
            using var made = PyOwned.Steal(CPython.PyObject_CallNoArgs(callable.Pointer));
            if (made.IsNull)
            {
                throw new PythonStartupException("The ASGI app factory raised:\n" + PythonErrors.TakeTraceback(),
                    PythonStartupException.FailedApplicationExitCode);
            }
            callable.Hold(made.Borrow());
        }
        var lifespan = asgi.Lifespan == AsgiLifespanMode.Off
            ? null
            : AsgiLifespan.Start(callable.Borrow(), mainLoop.Borrow(), asgi.Lifespan, logger);
        var (source, attribute) = ApplicationLoader.Describe(options);
        return new AsgiApplication(interpreter, asgi, callable, mainLoop, lifespan, logger) { Name = source + ":" + attribute };
    }
}
