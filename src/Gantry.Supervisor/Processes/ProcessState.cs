namespace Gantry.Supervisor.Processes;

/// <summary>supervisord's process states with their numbers (supervisor/states.py), which the XML-RPC API sends.</summary>
internal enum ProcessState
{
    Stopped = 0,
    Starting = 10,
    Running = 20,
    Backoff = 30,
    Stopping = 40,
    Exited = 100,
    Fatal = 200,
    Unknown = 1000,
}

/// <summary>supervisord's own states (SupervisorStates).</summary>
internal enum SupervisorMood
{
    Fatal = 2,
    Running = 1,
    Restarting = 0,
    Shutdown = -1,
}

internal static class ProcessStates
{
    public static string Name(ProcessState state) => state.ToString().ToUpperInvariant();

    /// <summary>RUNNING_STATES: what stop acts on and start refuses.</summary>
    public static bool IsRunning(ProcessState state) => state is ProcessState.Running or ProcessState.Backoff or ProcessState.Starting;

    /// <summary>STOPPED_STATES.</summary>
    public static bool IsStopped(ProcessState state) => state is ProcessState.Stopped or ProcessState.Exited or ProcessState.Fatal or ProcessState.Unknown;

    /// <summary>SIGNALLABLE_STATES.</summary>
    public static bool IsSignallable(ProcessState state) => state is ProcessState.Running or ProcessState.Starting or ProcessState.Stopping;
}
