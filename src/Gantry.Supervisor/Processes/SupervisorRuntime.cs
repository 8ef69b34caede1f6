using Gantry.Application;
using Gantry.Supervisor.Configuration;

namespace Gantry.Supervisor.Processes;

/// <summary>What every process of one supervisor shares: the loop, the clock, the main log, the event bus, the mood.</summary>
internal sealed class SupervisorRuntime(ILoopServices loop, SupervisorLog log, string spawnHelper)
{
    public ILoopServices Loop { get; } = loop;

    public SupervisorLog Log { get; } = log;

    public SupervisorEvents Events { get; } = new();

    /// <summary>The executable whose <c>supervise --spawn-child</c> starts each child (Gantry itself).</summary>
    public string SpawnHelper { get; } = spawnHelper;

    public SupervisorMood Mood { get; set; } = SupervisorMood.Running;

    /// <summary>Asks for a loop turn as soon as the current work is done (after a child ended: supervisord's loop
    /// restarts an exited program in the same pass as the reap, not at the next tick).</summary>
    public Action? TurnSoon { get; set; }

    /// <summary>Asks for the event listener pools' dispatch soon (an event was buffered, a listener became READY).</summary>
    public Action? DispatchSoon { get; set; }

    public required SupervisorConfig Config { get; set; }

    /// <summary>SUPERVISOR_SERVER_URL for children: the unix socket, else the TCP address.</summary>
    public string? ServerUrl => Config.UnixServer is { UnixPath: { } path } ? "unix://" + path
        : Config.InetServer is { TcpAddress: { } address } ? "http://" + (address.StartsWith(':') ? "localhost" + address : address)
        : null;

    /// <summary>Epoch seconds of the last control request or process state change (<see cref="SupervisorMemory"/>).</summary>
    public double LastActivity { get; private set; }

    /// <summary>Whether the memory was trimmed since the last activity.</summary>
    public bool Trimmed { get; set; }

    public void MarkActive()
    {
        LastActivity = Now;
        Trimmed = false;
    }

    /// <summary>Epoch seconds, as supervisord's time.time().</summary>
    public double Now => Loop.Time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
}
