using System.Text;

namespace Gantry.Supervisor.Processes;

/// <summary>
/// An <c>[eventlistener:x]</c> pool (process.py <c>EventListenerPool</c>): subscribed to its event types, it buffers
/// what it accepts (buffer_size events; on overflow the oldest is dropped and logged as supervisord logs it), and sends
/// the oldest event to a RUNNING listener in the READY state, as
/// <c>ver:3.0 server:ID serial:N pool:NAME poolserial:N eventname:TYPE len:N\n</c> and the payload. A rejected event
/// (FAIL, a protocol violation, a listener that died while busy) goes back to the head of the buffer.
/// </summary>
internal sealed class EventListenerPool : IDisposable
{
    private readonly ProcessGroup _group;
    private readonly SupervisorRuntime _runtime;
    private readonly List<SupervisorEvent> _buffer = [];
    private readonly Action<SupervisorEvent> _accept;
    private readonly Action<SupervisedProcess, SupervisorEvent> _rejected;
    private int _serial = -1;

    public EventListenerPool(ProcessGroup group, IReadOnlyList<string> events, SupervisorRuntime runtime)
    {
        _group = group;
        _runtime = runtime;
        _accept = item => Accept(item, head: false);
        _rejected = HandleRejected;
        Events = events;
        foreach (var type in events)
        {
            runtime.Events.Subscribe(type, _accept);
        }
        runtime.Events.SubscribeRejected(_rejected);
    }

    public IReadOnlyList<string> Events { get; }

    private string Name => _group.Config.Name;

    /// <summary>Events waiting for a listener (for tests and status).</summary>
    public int Buffered => _buffer.Count;

    private void HandleRejected(SupervisedProcess process, SupervisorEvent item)
    {
        if (_group.Processes.Contains(process))
        {
            Accept(item, head: true);
        }
    }

    /// <summary>_acceptEvent.</summary>
    private void Accept(SupervisorEvent item, bool head)
    {
        if (item.Serial < 0)
        {
            item.Serial = NewSerial(_runtime.Events.Serial);
            _runtime.Events.Serial = item.Serial;
        }
        item.PoolSerials ??= [];
        if (!item.PoolSerials.ContainsKey(Name))
        {
            _serial = NewSerial(_serial);
            item.PoolSerials[Name] = _serial;
        }
        else
        {
            _runtime.Log.Debug($"rebuffering event {item.Serial} for pool {Name} (buf size={_buffer.Count}, max={_group.Config.BufferSize})");
        }
        if (_buffer.Count >= _group.Config.BufferSize && _buffer.Count > 0)
        {
            var discarded = _buffer[0];
            _buffer.RemoveAt(0);
            _runtime.Log.Error($"pool {Name} event buffer overflowed, discarding event {discarded.Serial}");
        }
        if (head)
        {
            _buffer.Insert(0, item);
        }
        else
        {
            _buffer.Add(item);
        }
        _runtime.DispatchSoon?.Invoke();
    }

    private static int NewSerial(int serial) => serial == int.MaxValue ? 0 : serial + 1;

    /// <summary>dispatch: the oldest events, while a listener is READY.</summary>
    public void Dispatch()
    {
        while (_buffer.Count > 0)
        {
            var item = _buffer[0];
            _buffer.RemoveAt(0);
            if (!DispatchOne(item))
            {
                _buffer.Insert(0, item);
                break;
            }
        }
    }

    private bool DispatchOne(SupervisorEvent item)
    {
        foreach (var process in _group.Processes)
        {
            if (process.State != ProcessState.Running || process.Listener != ListenerState.Ready)
            {
                continue;
            }
            var length = item.Payload.EnumerateRunes().Count();
            var envelope = $"ver:3.0 server:{_runtime.Config.Identifier} serial:{item.Serial} pool:{Name} poolserial:{item.PoolSerials![Name]} eventname:{item.Type} len:{length}\n{item.Payload}";
            if (!process.WriteStdin(Encoding.UTF8.GetBytes(envelope)))
            {
                _runtime.Log.Debug($"epipe occurred while sending event {item.Serial} to listener {process.Config.Name}, listener state unchanged");
                continue;
            }
            process.Listener = ListenerState.Busy;
            process.CurrentEvent = item;
            _runtime.Log.Debug($"event {item.Serial} sent to listener {process.Config.Name}");
            return true;
        }
        return false;
    }

    /// <summary>before_remove: unsubscribed.</summary>
    public void Dispose()
    {
        foreach (var type in Events)
        {
            _runtime.Events.Unsubscribe(type, _accept);
        }
        _runtime.Events.UnsubscribeRejected(_rejected);
    }
}
