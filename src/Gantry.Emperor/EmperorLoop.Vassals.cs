using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Gantry.Protocols.Emperor;
using Microsoft.Extensions.Logging;

namespace Gantry.Emperor;

/// <summary>What happens to vassals: uWSGI's emperor_add, emperor_respawn, emperor_stop, emperor_curse, emperor_del and the
/// scan and reap steps of emperor_loop.</summary>
internal sealed unsafe partial class EmperorLoop
{
    private void Scan(VassalMonitor monitor)
    {
        foreach (var file in monitor.Scan(name => _logger.ForeignFormat(name), _foreignSeen))
        {
            var current = _vassals.FirstOrDefault(v => v.Name == file.Name && v.Monitor == file.Monitor);
            if (current is null)
            {
                Add(file, respawns: 0);
                continue;
            }
            if (_options.Tyrant && (file.Uid != current.Uid || file.Gid != current.Gid))
            {
                _logger.PermissionsChanged(file.Name);
                StopVassal(current);
                continue;
            }
            if ((file.ModifiedSeconds, file.ModifiedNanoseconds) != current.Modified)
            {
                Respawn(current, file.ModifiedSeconds, (file.ModifiedSeconds, file.ModifiedNanoseconds));
            }
        }
        foreach (var vassal in _vassals.Where(v => v.Monitor == monitor.Argument).ToList())
        {
            if (!monitor.Exists(vassal))
            {
                StopVassal(vassal);
            }
        }
    }

    /// <summary>emperor_add: start a vassal unless the blacklist holds it or tyrant mode refuses its owner.</summary>
    private void Add(VassalFile file, int respawns)
    {
        if (_blacklist.Holds(file.Name))
        {
            return;
        }
        if (_options.Tyrant && (file.Uid == 0 || file.Gid == 0))
        {
            if (_tyrantRefused.Add(file.Path))
            {
                // uWSGI logs this at every scan; once per file is enough to say why it does not run.
                _logger.TyrantRefused(file.Name);
            }
            return;
        }
        _tyrantRefused.Remove(file.Path);
        var now = Now();
        var vassal = new Vassal
        {
            Name = file.Name,
            Path = file.Path,
            WorkingDirectory = file.WorkingDirectory,
            Monitor = file.Monitor,
            Born = file.ModifiedSeconds,
            LastMod = file.ModifiedSeconds,
            Modified = (file.ModifiedSeconds, file.ModifiedNanoseconds),
            FirstRun = now,
            LastRun = now,
            Uid = file.Uid,
            Gid = file.Gid,
            Respawns = respawns,
        };
        if (_options.Tyrant)
        {
            _logger.TyrantDrop(file.Uid, file.Gid, file.Name);
        }
        try
        {
            (vassal.Pid, vassal.Fd) = _launcher.Start(vassal);
        }
        catch (InvalidOperationException failure)
        {
            _logger.VassalStartFailed(file.Name, failure.Message);
            Delete(vassal);
            return;
        }
        _vassals.Add(vassal);
        _logger.VassalStarted(vassal.Name, vassal.Pid);
    }

    /// <summary>emperor_respawn: ask a running vassal to reload (message 1); a vassal that cannot be told is cursed.</summary>
    private void Respawn(Vassal vassal, long modified, (long, uint) modifiedExactly)
    {
        if (vassal.Stopping)
        {
            return;
        }
        if (!Send(vassal, EmperorMessage.Reload))
        {
            Curse(vassal);
            return;
        }
        vassal.Respawns++;
        vassal.LastMod = modified;
        vassal.Modified = modifiedExactly;
        vassal.LastRun = Now();
        vassal.Ready = false;
        vassal.Accepting = false;
        _logger.Reload(vassal.Name);
    }

    /// <summary>emperor_stop: message 0 (2 with emperor-graceful-shutdown); its death is then final.</summary>
    private void StopVassal(Vassal vassal)
    {
        if (vassal.Stopping)
        {
            return;
        }
        Send(vassal, _options.GracefulShutdown ? EmperorMessage.GracefulStop : EmperorMessage.Stop);
        vassal.Stopping = true;
        vassal.CursedAt = Now();
        _logger.Stop(vassal.Name);
    }

    /// <summary>emperor_curse: the vassal's socket closed; it gets curse-tolerance seconds to end before SIGKILL.</summary>
    private void Curse(Vassal vassal)
    {
        if (vassal.Stopping)
        {
            return;
        }
        vassal.Stopping = true;
        vassal.CursedAt = Now();
        _logger.Curse(vassal.Name, vassal.Pid);
    }

    private bool Send(Vassal vassal, byte message)
    {
        if (vassal.Fd < 0)
        {
            return false;
        }
        // MSG_NOSIGNAL: a vassal that already closed its end must not kill the emperor with SIGPIPE.
        return LibC.send(vassal.Fd, &message, 1, LibC.MSG_NOSIGNAL) == 1;
    }

    /// <summary>emperor_del: forget the vassal; one that was never loyal goes to (or up) the blacklist.</summary>
    private void Delete(Vassal vassal)
    {
        _vassals.Remove(vassal);
        if (vassal.Fd >= 0)
        {
            LibC.close(vassal.Fd);
            vassal.Fd = -1;
        }
        _logger.Removed(vassal.Name);
        if (!vassal.Loyal && !_options.NoBlacklist && _blacklist.Add(vassal.Name) is { } line)
        {
            _logger.Throttle(line);
        }
    }

    /// <summary>Kills vassals that sent a heartbeat once and then fell silent for emperor-required-heartbeat seconds.</summary>
    private void CheckHeartbeats()
    {
        if (_options.RequiredHeartbeat <= 0)
        {
            return;
        }
        var now = Now();
        foreach (var vassal in _vassals)
        {
            if (vassal.LastHeartbeat > 0 && vassal.LastHeartbeat + _options.RequiredHeartbeat < now)
            {
                _logger.NoHeartbeat(vassal.Name, _options.RequiredHeartbeat);
                vassal.LastHeartbeat = 0;
                LibC.kill(vassal.Pid, SignalNumbers.SIGKILL);
            }
        }
    }

    /// <summary>
    /// Collects ended vassals: a running one that died is started again at once (unless it exited with the exile code or
    /// the blacklist holds it), a stopping one is removed; a cursed one still alive after curse-tolerance gets SIGKILL.
    /// True when something ended.
    /// </summary>
    private bool Reap()
    {
        var ended = ChildReaper.ReapAll((pid, status) =>
        {
            var vassal = _vassals.FirstOrDefault(v => v.Pid == pid);
            if (vassal is null)
            {
                return;
            }
            _logger.VassalEnded(vassal.Name, pid, status.Exited ? $"exit code {status.ExitCode}" : $"killed by signal {status.Signal}");
            if (vassal.Stopping)
            {
                // Asked to stop, or cursed (its socket closed first, as when it was killed): removed; a vassal whose file
                // is still there is started again by the next scan, which comes at once.
                Delete(vassal);
                return;
            }
            if (status.Exited && status.ExitCode == EmperorMessage.ExileCode)
            {
                _logger.Exiled(vassal.Name, status.ExitCode);
                Delete(vassal);
                return;
            }
            var file = new VassalFile(vassal.Name, vassal.Path, vassal.WorkingDirectory, vassal.Monitor, vassal.Uid, vassal.Gid,
                vassal.Modified.Seconds, vassal.Modified.Nanoseconds);
            // uWSGI adds the new instance before deleting the old one, so this death is not yet counted by the blacklist.
            _vassals.Remove(vassal);
            Add(file, vassal.Respawns + 1);
            _vassals.Add(vassal);
            Delete(vassal);
        });
        var now = Now();
        foreach (var vassal in _vassals.Where(v => v.CursedAt > 0).ToList())
        {
            if (now - vassal.CursedAt >= _options.CurseTolerance)
            {
                vassal.CursedAt = now;
                LibC.kill(vassal.Pid, SignalNumbers.SIGKILL);
            }
        }
        return ended > 0;
    }
}
