using Microsoft.Extensions.Logging;

namespace Gantry.Python.Runtime;

/// <summary>
/// Makes one kind of host (WSGI, later ASGI) in an interpreter <see cref="PythonRuntime"/> has started: its helpers in
/// the _gantry module once, then the application per the options. Runs on the main thread with the GIL held.
/// </summary>
internal interface IPythonHostLoader
{
    /// <summary>Puts the host's helper classes and functions into _gantry (once per process).</summary>
    void Initialize();

    /// <summary>
    /// Loads the application; <paramref name="interpreter"/> is null for an extra host loaded by tests in a running
    /// interpreter. Throws <see cref="PythonStartupException"/> when it cannot load and need-app is set.
    /// </summary>
    IPythonHost Load(PythonInterpreter? interpreter, PythonHostOptions options, ILogger logger);
}
