using Gantry.Configuration;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Gantry.Protocols.Emperor;
using Microsoft.Extensions.Logging;

namespace Gantry.Emperor;

/// <summary>
/// The emperor's one thread, uWSGI's emperor_loop: poll(2) over the vassals' sockets, the stats socket and a wake-up
/// eventfd (signal handlers only set a flag and write it), for at most <c>emperor-freq</c> seconds; after every wake-up
/// the monitors are scanned (vassals added, reloaded on an mtime change, stopped when their file went away), silent
/// heartbeats are killed, and ended children are reaped and respawned (through the blacklist's throttle) or removed.
/// </summary>
internal sealed unsafe partial class EmperorLoop : IDisposable
{
    private const byte Running = 0;
    private readonly EmperorOptions _options;
    private readonly IReadOnlyList<VassalMonitor> _monitors;
    private readonly VassalLauncher _launcher;
    private readonly ILogger _logger;
    private readonly EmperorBlacklist _blacklist;
    private readonly List<Vassal> _vassals = [];
    private readonly HashSet<string> _foreignSeen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tyrantRefused = new(StringComparer.Ordinal);
    private readonly int _wakeFd;
    private readonly EmperorStatsServer? _stats;
    private int _pendingStop;
    private int _pendingReload;
    private int _pendingStatus;
    private int _pendingCleanup;
    private long _ragnarokAt;

    public EmperorLoop(EmperorOptions options, IReadOnlyList<VassalMonitor> monitors, VassalLauncher launcher, EmperorStatsServer? stats, ILogger logger)
    {
        _options = options;
        _monitors = monitors;
        _launcher = launcher;
        _stats = stats;
        _logger = logger;
        _blacklist = new EmperorBlacklist(options.Throttle, options.MaxThrottle);
        _wakeFd = LibC.eventfd(0, LibC.EFD_CLOEXEC | LibC.EFD_NONBLOCK);
        if (_wakeFd < 0)
        {
            throw new InvalidOperationException($"eventfd() failed (errno {LibC.Errno})");
        }
    }

    /// <summary>The vassals, in order of arrival (for the stats document; read on the loop thread only).</summary>
    public IReadOnlyList<Vassal> Vassals => _vassals;

    public EmperorBlacklist Blacklist => _blacklist;

    /// <summary>SIGINT, SIGTERM, SIGQUIT: stop every vassal, then exit (royal_death).</summary>
    public void RequestStop() => Wake(ref _pendingStop);

    /// <summary>SIGHUP: reload every vassal (emperor_massive_reload).</summary>
    public void RequestReload() => Wake(ref _pendingReload);

    /// <summary>SIGUSR1: each vassal's state to the log (emperor_stats).</summary>
    public void RequestStatus() => Wake(ref _pendingStatus);

    /// <summary>SIGURG: empty the blacklist (emperor_cleanup).</summary>
    public void RequestCleanup() => Wake(ref _pendingCleanup);

    /// <summary>SIGCHLD: a vassal ended.</summary>
    public void WakeUp()
    {
        ulong one = 1;
        LibC.write(_wakeFd, (byte*)&one, sizeof(ulong));
    }

    private void Wake(ref int flag)
    {
        Interlocked.Exchange(ref flag, 1);
        WakeUp();
    }

    /// <summary>Runs until every vassal is gone after a stop; the exit code.</summary>
    public int Run()
    {
        var timeout = 0;
        while (true)
        {
            if (_ragnarokAt > 0)
            {
                if (_vassals.Count == 0)
                {
                    break;
                }
                if (Now() - _ragnarokAt >= _options.ReloadMercy)
                {
                    foreach (var vassal in _vassals)
                    {
                        _logger.NoMercy(vassal.Name);
                        LibC.kill(vassal.Pid, SignalNumbers.SIGKILL);
                    }
                    Reap();
                    break;
                }
                Wait(1000);
                TakeSignals();
                Reap();
                continue;
            }
            Wait(timeout);
            timeout = _options.Frequency * 1000;
            TakeSignals();
            if (_ragnarokAt > 0)
            {
                continue;
            }
            foreach (var monitor in _monitors)
            {
                Scan(monitor);
            }
            CheckHeartbeats();
            if (Reap())
            {
                // As uWSGI: after a death, scan again at once so a throttled or stopped vassal can come back quickly.
                timeout = 0;
            }
        }
        _logger.Buried();
        return 0;
    }

    private void TakeSignals()
    {
        if (Interlocked.Exchange(ref _pendingStop, 0) == 1)
        {
            if (_ragnarokAt > 0)
            {
                _logger.RagnarokAgain(_options.ReloadMercy - (Now() - _ragnarokAt));
            }
            else
            {
                _logger.Ragnarok();
                foreach (var vassal in _vassals)
                {
                    StopVassal(vassal);
                }
                _ragnarokAt = Now();
            }
        }
        if (Interlocked.Exchange(ref _pendingReload, 0) == 1 && _ragnarokAt == 0)
        {
            foreach (var vassal in _vassals)
            {
                Respawn(vassal, Now(), vassal.Modified);
            }
        }
        if (Interlocked.Exchange(ref _pendingStatus, 0) == 1)
        {
            foreach (var vassal in _vassals)
            {
                _logger.VassalStatus(vassal.Name, vassal.LastMod, vassal.Stopping ? 1 : Running, vassal.Loyal ? 1 : 0);
            }
        }
        if (Interlocked.Exchange(ref _pendingCleanup, 0) == 1)
        {
            _logger.BlacklistCleared();
            _blacklist.Clear();
        }
    }

    /// <summary>poll(2) over the wake-up eventfd, the stats socket and every vassal's socket; handles what is readable.</summary>
    private void Wait(int timeoutMilliseconds)
    {
        var watched = _vassals.Where(v => v.Fd >= 0).ToList();
        var count = watched.Count + 1 + (_stats is null ? 0 : 1);
        var fds = new PollFd[count];
        fds[0] = new PollFd { Fd = _wakeFd, Events = LibC.POLLIN };
        for (var i = 0; i < watched.Count; i++)
        {
            fds[i + 1] = new PollFd { Fd = watched[i].Fd, Events = LibC.POLLIN };
        }
        if (_stats is not null)
        {
            fds[count - 1] = new PollFd { Fd = _stats.Fd, Events = LibC.POLLIN };
        }
        int ready;
        fixed (PollFd* pointer = fds)
        {
            ready = LibC.poll(pointer, (nuint)count, timeoutMilliseconds);
        }
        if (ready <= 0)
        {
            return;
        }
        if (fds[0].Revents != 0)
        {
            ulong value;
            LibC.read(_wakeFd, (byte*)&value, sizeof(ulong));
        }
        for (var i = 0; i < watched.Count; i++)
        {
            if (fds[i + 1].Revents != 0)
            {
                ReadMessages(watched[i]);
            }
        }
        if (_stats is not null && fds[count - 1].Revents != 0)
        {
            _stats.Answer(EmperorStatsDocument.Write(EmperorProcess.Version, _monitors[^1].ScanDirectory, _monitors.Select(m => m.Argument), _options.Tyrant, _vassals, _blacklist));
        }
    }

    /// <summary>Reads what a vassal sent; end-of-file or an error curses it (uWSGI: the socket closed before the process ended).</summary>
    private void ReadMessages(Vassal vassal)
    {
        var buffer = stackalloc byte[64];
        while (true)
        {
            var count = LibC.read(vassal.Fd, buffer, 64);
            if (count < 0 && LibC.Errno is LibC.EAGAIN or LibC.EINTR)
            {
                return;
            }
            if (count <= 0)
            {
                LibC.close(vassal.Fd);
                vassal.Fd = -1;
                Curse(vassal);
                return;
            }
            for (var i = 0; i < count; i++)
            {
                OnMessage(vassal, buffer[i]);
            }
        }
    }

    private void OnMessage(Vassal vassal, byte message)
    {
        var now = Now();
        switch (message)
        {
            case EmperorMessage.Loyal:
                vassal.Loyal = true;
                vassal.LastLoyal = now;
                _logger.Loyal(vassal.Name);
                _blacklist.Remove(vassal.Name);
                break;
            case EmperorMessage.Heartbeat:
                vassal.LastHeartbeat = now;
                break;
            case EmperorMessage.StopMe:
                StopVassal(vassal);
                break;
            case EmperorMessage.Sos:
                if (!vassal.SosLogged)
                {
                    vassal.SosLogged = true;
                    _logger.SosIgnored(vassal.Name);
                }
                break;
            case EmperorMessage.Accepting:
                vassal.Accepting = true;
                vassal.LastAccepting = now;
                _logger.Accepting(vassal.Name);
                break;
            case EmperorMessage.Ready:
                vassal.Ready = true;
                vassal.LastReady = now;
                _logger.Spawned(vassal.Name);
                break;
            case EmperorMessage.ConfigRequest:
                // Only vassals whose configuration the emperor pushes (not files) ask; nothing to send.
                break;
            default:
                _logger.UnknownMessage(message, vassal.Name);
                break;
        }
    }

    public void Dispose()
    {
        foreach (var vassal in _vassals.Where(v => v.Fd >= 0))
        {
            LibC.close(vassal.Fd);
        }
        LibC.close(_wakeFd);
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
