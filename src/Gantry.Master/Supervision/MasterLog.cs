using Microsoft.Extensions.Logging;

namespace Gantry.Master.Supervision;

/// <summary>The master's log lines: uWSGI's shapes (so log parsers and habits carry over) in Gantry's words. Event ids 3000–3099 (2000s are the Python host's).</summary>
internal static partial class MasterLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "spawned gantry master (pid {Pid})")]
    public static partial void MasterSpawned(this ILogger logger, int pid);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "spawned gantry worker {Id} (pid {Pid}, cores: {Cores})")]
    public static partial void WorkerSpawned(this ILogger logger, int id, int pid, int cores);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Respawned gantry worker {Id} (new pid: {Pid})")]
    public static partial void WorkerRespawned(this ILogger logger, int id, int pid);

    [LoggerMessage(EventId = MasterProcess.ReadyEventId, Level = LogLevel.Information, Message = "gantry ready (pid {Pid}): {Addresses}")]
    public static partial void Ready(this ILogger logger, int pid, string addresses);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "DAMN ! worker {Id} (pid: {Pid}) died, killed by signal {Signal} :( trying respawn ...")]
    public static partial void WorkerKilledBySignal(this ILogger logger, int id, int pid, int signal);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "DAMN ! worker {Id} (pid: {Pid}) died, exit code {Code} :( trying respawn ...")]
    public static partial void WorkerExited(this ILogger logger, int id, int pid, int code);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "worker {Id} buried after {Seconds} seconds")]
    public static partial void WorkerBuried(this ILogger logger, int id, long seconds);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Gracefully killing worker {Id} (pid: {Pid})...")]
    public static partial void GracefullyKilling(this ILogger logger, int id, int pid);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "worker {Id} (pid: {Pid}) is taking too much time to die...NO MERCY !!!")]
    public static partial void NoMercy(this ILogger logger, int id, int pid);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "{Message}")]
    public static partial void Event(this ILogger logger, string message);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "*** HARAKIRI ON WORKER {Id} (pid: {Pid}, try: 1) ***")]
    public static partial void Harakiri(this ILogger logger, int id, int pid);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Error, Message = "HARAKIRI [core {Core}] {Request} since {Since}")]
    public static partial void HarakiriRequest(this ILogger logger, int core, string request, long since);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "worker {Id} recycled (pid: {Pid}, {Reason})")]
    public static partial void WorkerRecycled(this ILogger logger, int id, int pid, string reason);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "worker {Id} lifetime reached, it was running for {Seconds} second(s)")]
    public static partial void LifetimeReached(this ILogger logger, int id, long seconds);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Error, Message = "*** EVIL RELOAD ON WORKER {Id} RSS: {Rss} (pid: {Pid}) ***")]
    public static partial void EvilReload(this ILogger logger, int id, long rss, int pid);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Critical, Message = "OOPS ! worker {Id} (pid {Pid}) failed during start-up ({Status}): {Action}")]
    public static partial void StartupFailed(this ILogger logger, int id, int pid, string status, string action);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Warning, Message = "worker respawning too fast !!! i have to sleep a bit ({Seconds} seconds)...")]
    public static partial void RespawningTooFast(this ILogger logger, int seconds);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Information, Message = "worker {Id} (pid {Pid}): {State}, requests: {Requests}, rss: {Rss} bytes, respawns: {Respawns}, harakiri: {Harakiri}")]
    public static partial void WorkerStats(this ILogger logger, int id, int pid, string state, long requests, long rss, long respawns, long harakiri);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Critical, Message = "cannot spawn worker {Id}: {Reason}")]
    public static partial void SpawnFailed(this ILogger logger, int id, string reason);

    [LoggerMessage(EventId = 3019, Level = LogLevel.Warning, Message = "master fifo command '{Command}' is not supported by gantry")]
    public static partial void FifoCommandUnsupported(this ILogger logger, string command);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Critical, Message = "cannot re-execute the master: {Reason}; exiting")]
    public static partial void ReexecFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "gracefully (RE)spawned gantry master process (pid: {Pid}), {Count} socket(s) inherited")]
    public static partial void Respawned(this ILogger logger, int pid, int count);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Error, Message = "cannot open the master fifo {Path}: {Reason}; FIFO commands are off")]
    public static partial void FifoFailed(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Information, Message = "*** {Server} enabled on {Address} ***")]
    public static partial void StatsServerEnabled(this ILogger logger, string server, string address);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Error, Message = "{Reason}; that server is off")]
    public static partial void StatsServerFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Warning, Message = "stats: the document could not be written: {Reason}")]
    public static partial void StatsDocumentFailed(this ILogger logger, string reason);
}
