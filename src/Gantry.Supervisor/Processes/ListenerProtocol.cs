namespace Gantry.Supervisor.Processes;

/// <summary>supervisord's EventListenerStates: what an event listener process is doing in the protocol.</summary>
internal enum ListenerState
{
    Ready = 10,
    Busy = 20,
    Acknowledged = 30,
    Unknown = 40,
}

/// <summary>
/// The stdout of an event listener (supervisord's <c>PEventListenerDispatcher</c>): the bytes go to its stdout log,
/// and drive its state: ACKNOWLEDGED until it writes <c>READY\n</c>, READY until the pool sends it an event, BUSY until
/// <c>RESULT n\n</c> and n bytes of result (<c>OK</c> acknowledges, anything else rejects: the event goes back to the
/// head of the pool's buffer), UNKNOWN for good on a protocol violation.
/// </summary>
internal sealed class ListenerProtocol(SupervisedProcess process, RotatingLog? log, SupervisorRuntime runtime) : IOutputConsumer
{
    private static readonly byte[] ReadyToken = "READY\n"u8.ToArray();
    private static readonly byte[] ResultToken = "RESULT "u8.ToArray();

    private byte[] _state = [];
    private byte[] _result = [];
    private int? _resultLength;

    public void Consume(ReadOnlySpan<byte> data)
    {
        try
        {
            log?.Write(data);
        }
        catch (IOException)
        {
        }
        _state = [.. _state, .. data];
        Advance();
    }

    /// <summary>handle_listener_state_change, as a loop instead of supervisord's recursion.</summary>
    private void Advance()
    {
        while (_state.Length > 0)
        {
            switch (process.Listener)
            {
                case ListenerState.Unknown:
                    _state = [];
                    return;
                case ListenerState.Acknowledged:
                    if (_state.Length < ReadyToken.Length)
                    {
                        return;
                    }
                    if (_state.AsSpan().StartsWith(ReadyToken))
                    {
                        Change(ListenerState.Ready);
                        _state = _state[ReadyToken.Length..];
                    }
                    else
                    {
                        Change(ListenerState.Unknown);
                        _state = [];
                    }
                    process.CurrentEvent = null;
                    break;
                case ListenerState.Ready:
                    // Spurious output: supervisord is strict about it.
                    Change(ListenerState.Unknown);
                    _state = [];
                    process.CurrentEvent = null;
                    return;
                case ListenerState.Busy:
                    if (!Busy())
                    {
                        return;
                    }
                    break;
            }
        }
    }

    /// <summary>The result line, then the result; false when more bytes are needed.</summary>
    private bool Busy()
    {
        if (_resultLength is null)
        {
            var end = _state.AsSpan().IndexOf((byte)'\n');
            if (end < 0)
            {
                return false;
            }
            var line = _state.AsSpan(0, end);
            _state = _state[(end + 1)..];
            var digits = line.Length >= ResultToken.Length ? line[ResultToken.Length..] : [];
            if (!int.TryParse(System.Text.Encoding.ASCII.GetString(digits).Trim(), System.Globalization.NumberStyles.AllowLeadingSign, null, out var length) || length < 0)
            {
                runtime.Log.Warn($"{process.Config.Name}: bad result line: '{System.Text.Encoding.UTF8.GetString(line)}'");
                Change(ListenerState.Unknown);
                _state = [];
                Reject();
                return false;
            }
            _resultLength = length;
            return true;
        }
        var needed = _resultLength.Value - _result.Length;
        if (needed > 0)
        {
            var take = Math.Min(needed, _state.Length);
            _result = [.. _result, .. _state.AsSpan(0, take)];
            _state = _state[take..];
            needed -= take;
        }
        if (needed == 0)
        {
            HandleResult(_result);
            process.CurrentEvent = null;
            _result = [];
            _resultLength = null;
            return true;
        }
        return false;
    }

    /// <summary>supervisor.dispatchers:default_handler: OK acknowledges, anything else rejects.</summary>
    private void HandleResult(byte[] result)
    {
        if (result.AsSpan().SequenceEqual("OK"u8))
        {
            runtime.Log.Debug($"{process.Config.Name}: event was processed");
            Change(ListenerState.Acknowledged);
            return;
        }
        runtime.Log.Warn($"{process.Config.Name}: event was rejected");
        Change(ListenerState.Acknowledged);
        Reject();
    }

    private void Reject()
    {
        if (process.CurrentEvent is { } rejected)
        {
            runtime.Events.Rejected(process, rejected);
        }
        process.CurrentEvent = null;
    }

    private void Change(ListenerState next)
    {
        var previous = process.Listener;
        runtime.Log.Debug($"{process.Config.Name}: {Name(previous)} -> {Name(next)}");
        process.Listener = next;
        if (next == ListenerState.Unknown)
        {
            runtime.Log.Warn($"{process.Config.Name}: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol");
        }
        else if (next == ListenerState.Ready)
        {
            runtime.DispatchSoon?.Invoke();
        }
    }

    public static string Name(ListenerState state) => state.ToString().ToUpperInvariant();
}
