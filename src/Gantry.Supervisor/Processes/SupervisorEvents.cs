namespace Gantry.Supervisor.Processes;

/// <summary>
/// supervisord's event bus (supervisor/events.py): process state changes and output reach the subscribers (the event
/// listener pools). The type names are supervisord's.
/// </summary>
internal sealed class SupervisorEvents
{
    private static readonly string[] KnownTypes =
    [
        "EVENT", "PROCESS_STATE", "PROCESS_STATE_STOPPED", "PROCESS_STATE_EXITED", "PROCESS_STATE_STARTING",
        "PROCESS_STATE_STOPPING", "PROCESS_STATE_BACKOFF", "PROCESS_STATE_FATAL", "PROCESS_STATE_RUNNING",
        "PROCESS_STATE_UNKNOWN", "PROCESS_COMMUNICATION", "PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION_STDERR",
        "PROCESS_LOG", "PROCESS_LOG_STDOUT", "PROCESS_LOG_STDERR", "REMOTE_COMMUNICATION", "SUPERVISOR_STATE_CHANGE",
        "SUPERVISOR_STATE_CHANGE_RUNNING", "SUPERVISOR_STATE_CHANGE_STOPPING", "TICK", "TICK_5", "TICK_60", "TICK_3600",
        "PROCESS_GROUP", "PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED",
    ];

    private readonly List<Action<SupervisorEvent>> _subscribers = [];

    public static bool IsKnownType(string name) => KnownTypes.Contains(name);

    /// <summary>Whether an event of <paramref name="type"/> matches a subscription to <paramref name="subscribed"/>
    /// (a subscription to a base type receives its subtypes, as supervisord's class hierarchy does).</summary>
    public static bool Matches(string subscribed, string type) =>
        subscribed == "EVENT" || type == subscribed || type.StartsWith(subscribed + "_", StringComparison.Ordinal);

    public void Subscribe(Action<SupervisorEvent> subscriber) => _subscribers.Add(subscriber);

    public void Unsubscribe(Action<SupervisorEvent> subscriber) => _subscribers.Remove(subscriber);

    public void Publish(SupervisorEvent item)
    {
        foreach (var subscriber in _subscribers.ToArray())
        {
            subscriber(item);
        }
    }

    public void ProcessStateChanged(SupervisedProcess process, ProcessState previous, bool expected)
    {
        if (_subscribers.Count == 0)
        {
            return;
        }
        var type = "PROCESS_STATE_" + ProcessStates.Name(process.State);
        var payload = $"processname:{process.Config.Name} groupname:{process.Group} from_state:{ProcessStates.Name(previous)}";
        payload += process.State switch
        {
            ProcessState.Exited => $" expected:{(expected ? 1 : 0)} pid:{process.Pid}",
            ProcessState.Running or ProcessState.Stopping or ProcessState.Stopped => $" pid:{process.Pid}",
            ProcessState.Starting or ProcessState.Backoff => $" tries:{process.Tries}",
            _ => "",
        };
        Publish(new SupervisorEvent(type, payload, process));
    }

    public void ProcessOutput(SupervisedProcess process, string channel, ReadOnlyMemory<byte> data)
    {
        var enabled = channel == "stdout" ? process.Config.Stdout.EventsEnabled : process.Config.Stderr.EventsEnabled;
        if (!enabled || _subscribers.Count == 0)
        {
            return;
        }
        var text = System.Text.Encoding.UTF8.GetString(data.Span);
        Publish(new SupervisorEvent("PROCESS_LOG_" + channel.ToUpperInvariant(),
            $"processname:{process.Config.Name} groupname:{process.Group} pid:{process.Pid} channel:{channel}\n{text}", process));
    }
}

/// <summary>One event: its supervisord type name, its payload, and the process it came from (for rejections).</summary>
internal sealed record SupervisorEvent(string Type, string Payload, SupervisedProcess? Process);
