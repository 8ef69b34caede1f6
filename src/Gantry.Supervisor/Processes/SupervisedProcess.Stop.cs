using Gantry.Posix.Native;
using Gantry.Posix.Processes;

namespace Gantry.Supervisor.Processes;

/// <summary>Stopping, signalling and reaping (process.py <c>stop</c>, <c>kill</c>, <c>signal</c>, <c>finish</c>).</summary>
internal sealed partial class SupervisedProcess
{
    /// <summary>An explicit stop: stopsignal now, SIGKILL after stopwaitsecs. Null, or why it could not.</summary>
    public string? Stop()
    {
        _administrativeStop = true;
        return Kill(Config.StopSignal);
    }

    public string? Kill(int signal)
    {
        var now = Now;
        if (State == ProcessState.Backoff)
        {
            _runtime.Log.Debug($"Attempted to kill {Config.Name}, which is in BACKOFF state.");
            ChangeState(ProcessState.Stopped);
            return null;
        }
        if (Pid == 0)
        {
            var message = $"attempted to kill {Config.Name} with sig {SignalNames.Name(signal)} but it wasn't running";
            _runtime.Log.Debug(message);
            return message;
        }
        if (State == ProcessState.Stopping && signal == SignalNumbers.SIGKILL)
        {
            // The escalation: supervisord leaves the state as it is.
        }
        var asGroup = signal == SignalNumbers.SIGKILL ? Config.KillAsGroup : Config.StopAsGroup;
        _runtime.Log.Debug($"killing {Config.Name} (pid {Pid}){(asGroup ? " process group" : "")} with signal {SignalNames.Name(signal)}");
        _killing = true;
        _delay = now + Config.StopWaitSeconds;
        if (State is ProcessState.Running or ProcessState.Starting)
        {
            ChangeState(ProcessState.Stopping);
        }
        if (LibC.kill(asGroup ? -Pid : Pid, signal) != 0)
        {
            var message = $"unknown problem killing {Config.Name} ({Pid}): errno {LibC.Errno}";
            _runtime.Log.Critical(message);
            ChangeState(ProcessState.Unknown);
            _killing = false;
            _delay = 0;
            return message;
        }
        return null;
    }

    /// <summary>signalProcess: any signal, without the stop's bookkeeping.</summary>
    public string? Signal(int signal)
    {
        if (Pid == 0)
        {
            return $"attempted to kill {Config.Name} with sig {SignalNames.Name(signal)} but it wasn't running";
        }
        _runtime.Log.Debug($"sending {Config.Name} (pid {Pid}) sig {SignalNames.Name(signal)}");
        return LibC.kill(Pid, signal) == 0 ? null : $"unknown problem sending sig {Config.Name} ({Pid}): errno {LibC.Errno}";
    }

    /// <summary>Logs "waiting for x to stop" (supervisord's <c>stop_report</c>), once per second at most.</summary>
    public void StopReport()
    {
        if (State == ProcessState.Stopping && Now - _lastStopReport >= 1)
        {
            _runtime.Log.Info($"waiting for {Config.Name} to stop");
            _lastStopReport = Now;
        }
    }

    private double _lastStopReport;

    /// <summary>The child was reaped.</summary>
    public void Finish(WaitStatus status)
    {
        CloseChannels();
        var exitCode = status.Exited ? status.ExitCode : -1;
        var description = status.Exited ? $"exit status {status.ExitCode}" : $"terminated by {SignalNames.Name(status.Signal)}";
        var now = Now;
        LastStop = now;
        var tooQuickly = now > LastStart && now - LastStart < Config.StartSeconds;
        var expected = Config.ExitCodes.Contains(exitCode);
        if (_killing)
        {
            _killing = false;
            _delay = 0;
            ExitStatus = exitCode;
            ChangeState(ProcessState.Stopped);
            var message = $"stopped: {Config.Name} ({description})";
            if (expected)
            {
                _runtime.Log.Info(message);
            }
            else
            {
                _runtime.Log.Warn(message);
            }
        }
        else if (tooQuickly)
        {
            ExitStatus = null;
            SpawnError = "Exited too quickly (process log may have details)";
            _runtime.Log.Warn($"exited: {Config.Name} ({description}; not expected)");
            if (State == ProcessState.Starting)
            {
                ChangeState(ProcessState.Backoff);
            }
        }
        else
        {
            _delay = 0;
            _backoff = 0;
            ExitStatus = exitCode;
            if (State == ProcessState.Starting)
            {
                ChangeState(ProcessState.Running);
            }
            if (expected)
            {
                _runtime.Log.Info($"exited: {Config.Name} ({description}; expected)");
                ChangeState(ProcessState.Exited, expected: true);
            }
            else
            {
                SpawnError = $"Bad exit code {exitCode}";
                _runtime.Log.Warn($"exited: {Config.Name} ({description}; not expected)");
                ChangeState(ProcessState.Exited, expected: false);
            }
        }
        Pid = 0;
        // A listener that ended before it answered: its event goes back to its pool (supervisord's finish).
        if (CurrentEvent is { } unanswered)
        {
            CurrentEvent = null;
            _runtime.Events.Rejected(this, unanswered);
        }
        _runtime.TurnSoon?.Invoke();
    }
}
