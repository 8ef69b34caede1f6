namespace Gantry.Master.Scoreboard;

/// <summary>A scoreboard record's life, written by the master (Free, Starting) and the worker (the rest).</summary>
public enum ProcessState
{
    /// <summary>No process uses the record.</summary>
    Free,

    /// <summary>Spawned; loading the application.</summary>
    Starting,

    /// <summary>The application is loaded and the loops accept.</summary>
    Ready,

    /// <summary>Finishing in-flight requests before exiting.</summary>
    Stopping,
}
