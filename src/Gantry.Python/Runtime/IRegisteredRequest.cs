namespace Gantry.Python.Runtime;

/// <summary>A request slot of a Python host whose Python objects carry a handle to it (WSGI, ASGI).</summary>
internal interface IRegisteredRequest
{
    /// <summary>Bumped when the slot's request finishes, so handles given out for it stop matching.</summary>
    int Generation { get; }
}
