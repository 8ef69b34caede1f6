using System.Text;

namespace Gantry.Supervisor.Processes;

/// <summary>
/// supervisord's event bus (supervisor/events.py): subscribers register per event type and receive its subtypes (the
/// Python class hierarchy, here a name prefix: PROCESS_STATE receives PROCESS_STATE_RUNNING, EVENT receives all).
/// <c>notify</c> is synchronous, as supervisord's; the event listener pools only buffer in their callbacks. The type
/// names and payloads are supervisord's.
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

    private static readonly int[] TickPeriods = [5, 60, 3600];

    private readonly List<(string Type, Action<SupervisorEvent> Callback)> _subscribers = [];
    private readonly List<Action<SupervisedProcess, SupervisorEvent>> _rejectedSubscribers = [];
    private readonly long[] _lastTicks = new long[TickPeriods.Length];

    /// <summary>supervisord's GlobalSerial: the serial of the last event a pool accepted (-1: none yet).</summary>
    public int Serial { get; set; } = -1;

    public static bool IsKnownType(string name) => KnownTypes.Contains(name);

    /// <summary>Whether an event of <paramref name="type"/> matches a subscription to <paramref name="subscribed"/>
    /// (a subscription to a base type receives its subtypes, as supervisord's class hierarchy does).</summary>
    public static bool Matches(string subscribed, string type) =>
        subscribed == "EVENT" || type == subscribed || type.StartsWith(subscribed + "_", StringComparison.Ordinal);

    public void Subscribe(string type, Action<SupervisorEvent> callback) => _subscribers.Add((type, callback));

    public void Unsubscribe(string type, Action<SupervisorEvent> callback) => _subscribers.Remove((type, callback));

    /// <summary>EventRejectedEvent: a listener answered FAIL, broke the protocol or died while busy with an event.</summary>
    public void SubscribeRejected(Action<SupervisedProcess, SupervisorEvent> callback) => _rejectedSubscribers.Add(callback);

    public void UnsubscribeRejected(Action<SupervisedProcess, SupervisorEvent> callback) => _rejectedSubscribers.Remove(callback);

    public bool HasSubscribers => _subscribers.Count > 0;

    public void Publish(SupervisorEvent item)
    {
        if (_subscribers.Count == 0)
        {
            return;
        }
        foreach (var (type, callback) in _subscribers.ToArray())
        {
            if (Matches(type, item.Type))
            {
                callback(item);
            }
        }
    }

    public void Rejected(SupervisedProcess process, SupervisorEvent item)
    {
        foreach (var callback in _rejectedSubscribers.ToArray())
        {
            callback(process, item);
        }
    }

    /// <summary>PROCESS_STATE_*: the extra fields supervisord renders when the event is made (tries, expected, pid).</summary>
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

    /// <summary>PROCESS_LOG_STDOUT/STDERR, when the program's <c>*_events_enabled</c> is set.</summary>
    public void ProcessLog(SupervisedProcess process, string channel, ReadOnlySpan<byte> data)
    {
        if (_subscribers.Count == 0)
        {
            return;
        }
        Publish(new SupervisorEvent("PROCESS_LOG_" + channel.ToUpperInvariant(),
            $"processname:{process.Config.Name} groupname:{process.Group} pid:{process.Pid} channel:{channel}\n{Text(data)}", process));
    }

    /// <summary>PROCESS_COMMUNICATION_STDOUT/STDERR: what a program wrote between the XSUPERVISOR tokens.</summary>
    public void ProcessCommunication(SupervisedProcess process, string channel, ReadOnlySpan<byte> data) =>
        Publish(new SupervisorEvent("PROCESS_COMMUNICATION_" + channel.ToUpperInvariant(),
            $"processname:{process.Config.Name} groupname:{process.Group} pid:{process.Pid}\n{Text(data)}", process));

    public void RemoteCommunication(string type, string data) =>
        Publish(new SupervisorEvent("REMOTE_COMMUNICATION", $"type:{type}\n{data}", null));

    public void SupervisorState(bool running) =>
        Publish(new SupervisorEvent(running ? "SUPERVISOR_STATE_CHANGE_RUNNING" : "SUPERVISOR_STATE_CHANGE_STOPPING", "", null));

    public void GroupChanged(string group, bool added) =>
        Publish(new SupervisorEvent(added ? "PROCESS_GROUP_ADDED" : "PROCESS_GROUP_REMOVED", $"groupname:{group}\n", null));

    /// <summary>supervisord's <c>tick</c>: TICK_5/60/3600 when the time slice of the period rolls over (the first call
    /// only records the current slices).</summary>
    public void Tick(double now)
    {
        for (var i = 0; i < TickPeriods.Length; i++)
        {
            var period = TickPeriods[i];
            var slice = (long)(now - (now % period));
            if (_lastTicks[i] == 0)
            {
                _lastTicks[i] = slice;
            }
            else if (slice != _lastTicks[i])
            {
                _lastTicks[i] = slice;
                Publish(new SupervisorEvent("TICK_" + period, "when:" + slice, null));
            }
        }
    }

    /// <summary>as_string: UTF-8, or supervisord's "Undecodable: " and the bytes (escaped here, not Python's repr).</summary>
    private static string Text(ReadOnlySpan<byte> data)
    {
        try
        {
            return StrictUtf8.GetString(data);
        }
        catch (DecoderFallbackException)
        {
            return "Undecodable: " + Encoding.UTF8.GetString(data);
        }
    }

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
}

/// <summary>One event: its supervisord type name, its payload, and the process it came from. The serials are given
/// when a pool first accepts it (supervisord's <c>event.serial</c> and <c>event.pool_serials</c>).</summary>
internal sealed class SupervisorEvent(string type, string payload, SupervisedProcess? process)
{
    public string Type { get; } = type;

    public string Payload { get; } = payload;

    public SupervisedProcess? Process { get; } = process;

    /// <summary>-1 until a pool accepted it.</summary>
    public int Serial { get; set; } = -1;

    public Dictionary<string, int>? PoolSerials { get; set; }
}
