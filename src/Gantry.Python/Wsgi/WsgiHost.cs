using Gantry.Python.Runtime;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Wsgi;

/// <summary>Starts the embedded interpreter serving a WSGI application (PEP 3333).</summary>
public static class WsgiHost
{
    /// <summary>
    /// <see cref="PythonRuntime.Start"/> with the WSGI host: locates and initialises Python on the calling thread,
    /// which becomes Python's main thread and must be loop thread 0, then loads the WSGI application.
    /// </summary>
    /// <exception cref="PythonStartupException">As <see cref="PythonRuntime.Start"/>.</exception>
    public static PythonRuntime Start(PythonHostOptions options, ILoggerFactory loggers) =>
        PythonRuntime.Start(options, loggers, WsgiHostLoader.Instance);
}
