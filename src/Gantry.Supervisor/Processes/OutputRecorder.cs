namespace Gantry.Supervisor.Processes;

/// <summary>What an <see cref="OutputChannel"/> does with the bytes it read.</summary>
internal interface IOutputConsumer
{
    void Consume(ReadOnlySpan<byte> data);
}

/// <summary>
/// One output channel of one program, as supervisord's <c>POutputDispatcher.record_output</c>: the bytes go to the
/// channel's log file (and to syslog with <c>*_syslog</c>), raise PROCESS_LOG_* with <c>*_events_enabled</c>, and with
/// <c>*_capture_maxbytes</c> what the program writes between <c>&lt;!--XSUPERVISOR:BEGIN--&gt;</c> and
/// <c>&lt;!--XSUPERVISOR:END--&gt;</c> is kept aside (its last capture_maxbytes bytes) and sent as one
/// PROCESS_COMMUNICATION_* event instead of being logged.
/// </summary>
internal sealed class OutputRecorder(SupervisedProcess process, string channel, RotatingLog? log, SupervisorRuntime runtime) : IOutputConsumer
{
    private static readonly byte[] BeginToken = "<!--XSUPERVISOR:BEGIN-->"u8.ToArray();
    private static readonly byte[] EndToken = "<!--XSUPERVISOR:END-->"u8.ToArray();

    private readonly Configuration.ChannelLogConfig _config = channel == "stdout" ? process.Config.Stdout : process.Config.Stderr;
    private byte[] _pending = [];
    private byte[]? _capture;
    private int _captured;
    private bool _captureMode;

    public void Consume(ReadOnlySpan<byte> data)
    {
        if (_config.CaptureMaxBytes == 0)
        {
            Log(data);
            return;
        }
        _pending = [.. _pending, .. data];
        Record();
    }

    /// <summary>record_output: the pending bytes split at the token the mode waits for; a token's possible start at
    /// the end stays pending.</summary>
    private void Record()
    {
        while (true)
        {
            var token = _captureMode ? EndToken : BeginToken;
            if (_pending.Length <= token.Length)
            {
                return;
            }
            var data = _pending;
            _pending = [];
            var at = data.AsSpan().IndexOf(token);
            if (at < 0)
            {
                var keep = PrefixAtEnd(data, token);
                _pending = data[(data.Length - keep)..];
                Log(data.AsSpan(0, data.Length - keep));
                return;
            }
            Log(data.AsSpan(0, at));
            ToggleCaptureMode();
            _pending = data[(at + token.Length)..];
            if (_pending.Length == 0)
            {
                return;
            }
        }
    }

    /// <summary>find_prefix_at_end: how many bytes at the end of <paramref name="data"/> begin <paramref name="token"/>.</summary>
    private static int PrefixAtEnd(byte[] data, byte[] token)
    {
        for (var length = Math.Min(token.Length - 1, data.Length); length > 0; length--)
        {
            if (data.AsSpan(data.Length - length).SequenceEqual(token.AsSpan(0, length)))
            {
                return length;
            }
        }
        return 0;
    }

    private void ToggleCaptureMode()
    {
        _captureMode = !_captureMode;
        if (_captureMode)
        {
            _capture ??= new byte[(int)Math.Min(_config.CaptureMaxBytes, int.MaxValue)];
            _captured = 0;
            return;
        }
        runtime.Events.ProcessCommunication(process, channel, _capture.AsSpan(0, _captured));
        runtime.Log.Debug($"'{process.Config.Name}' {channel} emitted a comm event");
        _captured = 0;
    }

    /// <summary>_log: to the capture buffer in capture mode, else the log file and syslog; then the PROCESS_LOG event.</summary>
    private void Log(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }
        if (_captureMode)
        {
            Capture(data);
        }
        else
        {
            try
            {
                log?.Write(data);
            }
            catch (IOException)
            {
                // A full disk or a removed directory must not stop the supervisor; the output is lost, as supervisord loses it.
            }
            if (_config.Syslog)
            {
                SupervisorSyslog.Write(process.Config.Name, data);
            }
        }
        if (_config.EventsEnabled)
        {
            runtime.Events.ProcessLog(process, channel, data);
        }
    }

    /// <summary>supervisord's BoundIO: the newest capture_maxbytes bytes are kept.</summary>
    private void Capture(ReadOnlySpan<byte> data)
    {
        var buffer = _capture!;
        if (data.Length >= buffer.Length)
        {
            data[^buffer.Length..].CopyTo(buffer);
            _captured = buffer.Length;
            return;
        }
        var overflow = _captured + data.Length - buffer.Length;
        if (overflow > 0)
        {
            buffer.AsSpan(overflow, _captured - overflow).CopyTo(buffer);
            _captured -= overflow;
        }
        data.CopyTo(buffer.AsSpan(_captured));
        _captured += data.Length;
    }
}
