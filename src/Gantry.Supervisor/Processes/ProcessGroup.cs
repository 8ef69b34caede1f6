using Gantry.Supervisor.Configuration;

namespace Gantry.Supervisor.Processes;

/// <summary>A running process group (process.py <c>ProcessGroup</c>, or <c>EventListenerPool</c> with its
/// <see cref="Pool"/>): its config and a process per process config.</summary>
internal sealed class ProcessGroup : IDisposable
{
    public ProcessGroup(GroupConfig config, SupervisorRuntime runtime)
    {
        Config = config;
        Processes = config.Processes.Select(process => new SupervisedProcess(process, config.Name, runtime) { IsListener = config.Events is not null }).ToList();
        Pool = config.Events is { } events ? new EventListenerPool(this, events, runtime) : null;
    }

    /// <summary>The event listener pool of an [eventlistener:x] group; null for other groups.</summary>
    public EventListenerPool? Pool { get; }

    public GroupConfig Config { get; }

    /// <summary>In priority order.</summary>
    public List<SupervisedProcess> Processes { get; }

    public SupervisedProcess? Find(string name) => Processes.FirstOrDefault(process => process.Config.Name == name);

    public void Transition()
    {
        foreach (var process in Processes)
        {
            process.Transition();
        }
        Pool?.Dispatch();
    }

    /// <summary>stop_all: in reverse priority; a process in BACKOFF gives up.</summary>
    public void StopAll()
    {
        for (var i = Processes.Count - 1; i >= 0; i--)
        {
            var process = Processes[i];
            if (process.State is ProcessState.Running or ProcessState.Starting)
            {
                process.Stop();
            }
            else if (process.State == ProcessState.Backoff)
            {
                process.GiveUp();
            }
        }
    }

    public bool AllStopped => Processes.All(process => ProcessStates.IsStopped(process.State));

    public void Dispose()
    {
        Pool?.Dispose();
        foreach (var process in Processes)
        {
            process.Dispose();
        }
    }
}
