using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Asgi;

/// <summary>Starts the embedded interpreter serving an ASGI 3 application (HTTP and lifespan).</summary>
public static class AsgiHost
{
    /// <summary>
    /// <see cref="PythonRuntime.Start"/> with the ASGI host: locates and initialises Python on the calling thread, which
    /// becomes Python's main thread and must be loop thread 0, loads the app and runs lifespan startup.
    /// </summary>
    /// <exception cref="PythonStartupException">As <see cref="PythonRuntime.Start"/>; exit code 22 when the app or its startup failed.</exception>
    public static PythonRuntime Start(PythonHostOptions options, ILoggerFactory loggers) =>
        PythonRuntime.Start(options, loggers, AsgiHostLoader.Instance);
}
