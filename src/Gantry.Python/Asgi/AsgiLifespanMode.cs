namespace Gantry.Python.Asgi;

/// <summary>uvicorn's <c>--lifespan</c> values.</summary>
public enum AsgiLifespanMode
{
    /// <summary>Run lifespan; an app that raises before answering startup is taken as not supporting it (logged).</summary>
    Auto,

    /// <summary>Run lifespan; any failure stops the worker.</summary>
    On,

    /// <summary>Never send lifespan events.</summary>
    Off,
}
