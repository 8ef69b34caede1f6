using Gantry.Master.Supervision;

namespace Gantry.Master.Control;

/// <summary>
/// Where the master's signal handlers send their commands. The handlers are installed once for the whole life of
/// the process image, so that no signal finds its default disposition ("terminate") between the end of supervision
/// and a re-exec; the relay forwards to the running loop, holds what arrives before the loop exists (a signal left
/// pending across the re-exec), and drops what arrives after it ended.
/// </summary>
internal sealed class MasterSignalRelay
{
    private readonly Lock _gate = new();
    private readonly List<MasterCommand> _early = [];
    private Action<MasterCommand>? _target;
    private bool _ended;

    /// <summary>Called from the signal-dispatch thread.</summary>
    public void Post(MasterCommand command)
    {
        lock (_gate)
        {
            if (_target is { } target)
            {
                target(command);
            }
            else if (!_ended)
            {
                _early.Add(command);
            }
        }
    }

    /// <summary>The loop is running: forward to it, starting with what arrived before.</summary>
    public void Attach(Action<MasterCommand> target)
    {
        lock (_gate)
        {
            _target = target;
            foreach (var command in _early)
            {
                target(command);
            }
            _early.Clear();
        }
    }

    /// <summary>The loop ended: later signals are dropped (the process exits or re-executes).</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _target = null;
            _ended = true;
        }
    }
}
