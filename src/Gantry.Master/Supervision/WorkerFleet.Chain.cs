using Gantry.Master.Scoreboard;

namespace Gantry.Master.Supervision;

/// <summary>
/// Chain reload: one worker at a time, the replacement is spawned (in the spare scoreboard record) and
/// reports ready before the old one is asked to stop, so capacity never drops below the worker count and
/// the listen sockets (always open in the master) never go unserved.
/// </summary>
internal sealed partial class WorkerFleet
{
    private readonly Queue<int> _chain = new();
    private WorkerProcess? _chainOld;
    private WorkerProcess? _chainNew;

    /// <summary>True while a chain reload is replacing workers.</summary>
    public bool ChainReloading => _chainOld is not null || _chainNew is not null || _chain.Count > 0;

    private void StartChainReload()
    {
        if (_shuttingDown)
        {
            return;
        }
        if (ChainReloading)
        {
            _logger.Event("chain reload already in progress");
            return;
        }
        _logger.Event("chain reload starting...");
        for (var id = 1; id <= _options.Workers; id++)
        {
            _chain.Enqueue(id);
        }
        ContinueChain();
    }

    private void ContinueChain()
    {
        while (_chain.TryDequeue(out var id))
        {
            var old = ServingProcess(id);
            if (old is null)
            {
                continue;
            }
            var replacement = Spawn(id);
            if (replacement is null)
            {
                _logger.Event("chain reload aborted: cannot spawn a replacement");
                CancelChain();
                return;
            }
            _chainOld = old;
            _chainNew = replacement;
            return;
        }
        _logger.Event("chain reload complete");
    }

    private void OnChainProcessReady(WorkerProcess process)
    {
        if (process != _chainNew || _chainOld is null)
        {
            return;
        }
        _chainNew = null;
        _scoreboard.Increment(_chainOld.Id, WorkerCounter.Reloaded);
        StopGracefully(_chainOld, StopReason.ChainReload, _options.WorkerReloadMercy);
    }

    private void OnChainProcessExited(WorkerProcess process)
    {
        if (process == _chainNew)
        {
            // The replacement died before it was ready: keep the old worker and stop the chain.
            _chainNew = null;
            _chainOld = null;
            _chain.Clear();
            _logger.Event("chain reload aborted: the new worker died during start-up");
            return;
        }
        if (process == _chainOld)
        {
            _chainOld = null;
            if (!_shuttingDown)
            {
                ContinueChain();
            }
        }
    }

    private void CancelChain()
    {
        _chain.Clear();
        _chainOld = null;
        _chainNew = null;
    }
}
