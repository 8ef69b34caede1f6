using Gantry.Supervisor.Configuration;

namespace Gantry.Supervisor.Processes;

/// <summary>
/// One supervised process and its state machine, as supervisord's <c>Subprocess</c> (supervisor/process.py): the
/// same states, the same start-retry back-off (1 s, 2 s, 3 s… after each failed start), the same startsecs and
/// exit-code rules, the same log lines. Everything runs on the supervisor's loop thread.
/// </summary>
internal sealed partial class SupervisedProcess : IDisposable
{
    private readonly SupervisorRuntime _runtime;

    public SupervisedProcess(ProcessConfig config, string group, SupervisorRuntime runtime)
    {
        Config = config;
        Group = group;
        _runtime = runtime;
        StdoutLog = config.Stdout.Path is { } stdout ? new RotatingLog(stdout, config.Stdout.MaxBytes, config.Stdout.Backups) : null;
        StderrLog = config.Stderr.Path is { } stderr && !config.RedirectStderr ? new RotatingLog(stderr, config.Stderr.MaxBytes, config.Stderr.Backups) : null;
    }

    public ProcessConfig Config { get; }

    public string Group { get; }

    public string Namespec => Group == Config.Name ? Config.Name : $"{Group}:{Config.Name}";

    public ProcessState State { get; private set; } = ProcessState.Stopped;

    public int Pid { get; private set; }

    /// <summary>Epoch seconds of the last spawn (0: never started).</summary>
    public double LastStart { get; private set; }

    public double LastStop { get; private set; }

    public int? ExitStatus { get; private set; }

    public string SpawnError { get; private set; } = "";

    public RotatingLog? StdoutLog { get; }

    public RotatingLog? StderrLog { get; }

    /// <summary>Whether this process is an event listener (its group is an [eventlistener:x] pool).</summary>
    public bool IsListener { get; init; }

    /// <summary>An event listener's protocol state (ACKNOWLEDGED from its spawn until it writes READY).</summary>
    public ListenerState Listener { get; set; } = ListenerState.Acknowledged;

    /// <summary>The event an event listener is busy with; re-buffered by its pool when the listener ends first.</summary>
    public SupervisorEvent? CurrentEvent { get; set; }

    /// <summary>Serial failed starts since the last success.</summary>
    private int _backoff;

    /// <summary>Epoch seconds: when a BACKOFF process may start again, or when a STOPPING one gets SIGKILL.</summary>
    private double _delay;

    private bool _killing;

    /// <summary>Serial failed starts, for the PROCESS_STATE events' tries field.</summary>
    public int Tries => _backoff;

    /// <summary>Set by a give-up or an explicit stop, so autostart does not start the process again.</summary>
    private bool _administrativeStop;

    private double Now => _runtime.Now;

    /// <summary>supervisord's <c>transition</c>: called on every turn of the loop.</summary>
    public void Transition()
    {
        var now = Now;
        var state = State;
        if (_runtime.Mood > SupervisorMood.Restarting)
        {
            if (state == ProcessState.Exited)
            {
                if (Config.AutoRestart == AutoRestart.Always
                    || (Config.AutoRestart == AutoRestart.Unexpected && !Config.ExitCodes.Contains(ExitStatus ?? -1)))
                {
                    Spawn();
                }
            }
            else if (state == ProcessState.Stopped && LastStart == 0 && !_administrativeStop)
            {
                if (Config.Autostart)
                {
                    Spawn();
                }
            }
            else if (state == ProcessState.Backoff && _backoff <= Config.StartRetries && now > _delay)
            {
                Spawn();
            }
        }
        state = State;
        if (state == ProcessState.Starting && now - LastStart > Config.StartSeconds)
        {
            _delay = 0;
            _backoff = 0;
            ChangeState(ProcessState.Running);
            _runtime.Log.Info($"success: {Config.Name} entered RUNNING state, process has stayed up for > than {Config.StartSeconds} seconds (startsecs)");
        }
        if (state == ProcessState.Backoff)
        {
            if (_backoff > Config.StartRetries)
            {
                GiveUp();
                _runtime.Log.Info($"gave up: {Config.Name} entered FATAL state, too many start retries too quickly");
            }
        }
        else if (state == ProcessState.Stopping && _delay - now <= 0)
        {
            _runtime.Log.Warn($"killing '{Config.Name}' ({Pid}) with SIGKILL");
            Kill(Gantry.Posix.Processes.SignalNumbers.SIGKILL);
        }
    }

    /// <summary>FATAL: too many start retries (or stopped while in BACKOFF by a shutdown).</summary>
    public void GiveUp()
    {
        _delay = 0;
        _backoff = 0;
        _administrativeStop = true;
        ChangeState(ProcessState.Fatal);
    }

    private void ChangeState(ProcessState next, bool expected = true)
    {
        var previous = State;
        if (previous == next)
        {
            return;
        }
        State = next;
        _runtime.MarkActive();
        if (next == ProcessState.Backoff)
        {
            _backoff++;
            _delay = Now + _backoff;
        }
        _runtime.Events.ProcessStateChanged(this, previous, expected);
    }

    public void Dispose()
    {
        CloseChannels();
        StdoutLog?.Dispose();
        StderrLog?.Dispose();
    }
}
