using Gantry.Application;

namespace Gantry.Python.Runtime;

/// <summary>
/// A gateway-interface host living in the interpreter (WSGI today, ASGI beside it): what <see cref="PythonRuntime"/>
/// needs of it, whatever its interface.
/// </summary>
internal interface IPythonHost
{
    /// <summary>The host the server's loop threads attach to.</summary>
    IApplication Application { get; }

    /// <summary>False when no application loaded (need-app off): every request is answered 500.</summary>
    bool IsLoaded { get; }

    /// <summary>Releases the host's Python objects (GIL held, before finalization).</summary>
    void Release();
}
