using System.Runtime.InteropServices;
using Gantry.Application;
using Gantry.Posix.Processes;
using Gantry.Server.Loop;
using Gantry.Supervisor.Configuration;
using Gantry.Supervisor.Control;
using Gantry.Supervisor.Processes;

namespace Gantry.Supervisor;

/// <summary>
/// The supervisor: the active process groups, the configuration last read (what <c>reread</c>/<c>avail</c> see),
/// the mood, and the loop turn (supervisord's <c>runforever</c>): a transition of every process ten times a second,
/// child exits and output as they happen, the control server's connections, signals queued into the loop.
/// </summary>
internal sealed partial class Supervisor : ITimerHandler, IDisposable
{
    private readonly ServiceLoop _loop;
    private readonly Func<SupervisorConfig> _reread;
    private readonly List<PosixSignalRegistration> _signals = [];
    private List<ProcessGroup>? _stopQueue;
    private ControlServer? _control;
    private bool _dispatchPosted;

    public Supervisor(SupervisorConfig config, ServiceLoop loop, SupervisorLog log, string spawnHelper, Func<SupervisorConfig> reread)
    {
        _loop = loop;
        _reread = reread;
        Runtime = new SupervisorRuntime(loop.Services, log, spawnHelper) { Config = config };
        Runtime.TurnSoon = () => Runtime.Loop.Post(new LoopWork(Turn));
        Runtime.DispatchSoon = () =>
        {
            if (!_dispatchPosted)
            {
                _dispatchPosted = true;
                Runtime.Loop.Post(new LoopWork(DispatchEvents));
            }
        };
        Available = config;
    }

    public SupervisorRuntime Runtime { get; }

    /// <summary>The configuration as last read (reloadConfig replaces it; the active groups keep theirs).</summary>
    public SupervisorConfig Available { get; private set; }

    /// <summary>Active groups, in priority order.</summary>
    public List<ProcessGroup> Groups { get; } = [];

    public SupervisorLog Log => Runtime.Log;

    /// <summary>Runs until shutdown; the exit code.</summary>
    public int Run(Action started)
    {
        foreach (var group in Available.Groups)
        {
            AddGroup(group);
        }
        _control = ControlServer.Start(this);
        started();
        Runtime.Events.SupervisorState(running: true);
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGHUP })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                var received = context.Signal;
                Runtime.Loop.Post(new LoopWork(() => OnSignal(received)));
            }));
        }
        _signals.Add(PosixSignalRegistration.Create((PosixSignal)SignalNumbers.SIGUSR2, context =>
        {
            context.Cancel = true;
            Runtime.Loop.Post(new LoopWork(ReopenLogs));
        }));
        Runtime.Loop.StartTimer(TimeSpan.Zero, this, TimeSpan.FromMilliseconds(100));
        _loop.Run();
        return 0;
    }

    public void OnTimer() => Turn();

    /// <summary>One turn: transitions while running; the ordered stop while shutting down or restarting.</summary>
    public void Turn()
    {
        if (Runtime.Mood < SupervisorMood.Running)
        {
            if (_stopQueue is null)
            {
                _stopQueue = [.. Groups];
                Runtime.Events.SupervisorState(running: false);
                Log.Info(Runtime.Mood == SupervisorMood.Shutdown ? "stopping all processes (shutdown)" : "stopping all processes (restart)");
            }
            // Groups stop one at a time, highest priority number first (supervisord's ordered_stop_groups_phase_1/2).
            while (_stopQueue.Count > 0)
            {
                var group = _stopQueue[^1];
                group.StopAll();
                if (!group.AllStopped)
                {
                    break;
                }
                _stopQueue.RemoveAt(_stopQueue.Count - 1);
            }
        }
        foreach (var group in Groups)
        {
            group.Transition();
        }
        Runtime.Events.Tick(Runtime.Now);
        if (Runtime.Mood < SupervisorMood.Running && Groups.All(group => group.AllStopped))
        {
            _stopQueue = null;
            if (Runtime.Mood == SupervisorMood.Shutdown)
            {
                _loop.Stop();
                return;
            }
            Restart();
        }
        _control?.Poll();
        if (Runtime.Mood == SupervisorMood.Running && !Runtime.Trimmed && _control?.Connections is null or 0
            && Runtime.Now - Runtime.LastActivity > SupervisorMemory.QuietSeconds)
        {
            Runtime.Trimmed = true;
            var (before, after) = SupervisorMemory.Trim();
            Log.Debug($"quiet for {SupervisorMemory.QuietSeconds} s: memory trimmed, RSS {before} KiB -> {after} KiB");
        }
    }

    private void OnSignal(PosixSignal signal)
    {
        if (signal == PosixSignal.SIGHUP)
        {
            Log.Warn("received SIGHUP indicating restart request");
            Runtime.Mood = SupervisorMood.Restarting;
        }
        else
        {
            Log.Warn($"received {SignalNames.Name(signal switch { PosixSignal.SIGTERM => 15, PosixSignal.SIGINT => 2, _ => 3 })} indicating exit request");
            Runtime.Mood = SupervisorMood.Shutdown;
        }
    }

    /// <summary>After a restart request stopped everything: the file read again, every group replaced.</summary>
    private void Restart()
    {
        try
        {
            Available = _reread();
            Runtime.Config = Available;
        }
        catch (SupervisorConfigException exception)
        {
            Log.Critical($"could not re-read the configuration, keeping the old one: {exception.Message}");
        }
        foreach (var group in Groups)
        {
            group.Dispose();
        }
        Groups.Clear();
        foreach (var group in Available.Groups)
        {
            AddGroup(group);
        }
        Runtime.Mood = SupervisorMood.Running;
        Runtime.Events.SupervisorState(running: true);
    }

    /// <summary>Every pool sends what it buffered to its READY listeners (between turns, so an event does not wait
    /// for the next tenth of a second).</summary>
    private void DispatchEvents()
    {
        _dispatchPosted = false;
        foreach (var group in Groups)
        {
            group.Pool?.Dispatch();
        }
    }

    private void ReopenLogs()
    {
        Log.Info("received SIGUSR2 indicating log reopen request");
        Log.File?.Reopen();
        foreach (var process in Groups.SelectMany(group => group.Processes))
        {
            process.StdoutLog?.Reopen();
            process.StderrLog?.Reopen();
        }
    }

    public void Dispose()
    {
        foreach (var registration in _signals)
        {
            registration.Dispose();
        }
        _control?.Dispose();
        foreach (var group in Groups)
        {
            group.Dispose();
        }
    }

    private sealed class LoopWork(Action action) : ILoopWork
    {
        public void Run() => action();
    }
}
