using Microsoft.Extensions.Logging;

namespace Gantry.Emperor;

/// <summary>The emperor's log lines, worded as uWSGI 2.0.21's core/emperor.c words them where it has one.</summary>
internal static partial class EmperorLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "*** starting uWSGI Emperor ***")]
    public static partial void Starting(this ILogger logger);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "*** Emperor stats server enabled on {Address} fd: {Fd} ***")]
    public static partial void StatsEnabled(this ILogger logger, string address, int fd);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "*** Emperor stats server on {Address} failed: {Reason} ***")]
    public static partial void StatsFailed(this ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "[emperor] vassal {Name} started (pid: {Pid})")]
    public static partial void VassalStarted(this ILogger logger, string name, int pid);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "[emperor] cannot start vassal {Name}: {Reason}")]
    public static partial void VassalStartFailed(this ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "[emperor] vassal {Name} is now loyal")]
    public static partial void Loyal(this ILogger logger, string name);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "[emperor] vassal {Name} is ready to accept requests")]
    public static partial void Accepting(this ILogger logger, string name);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "[emperor] vassal {Name} has been spawned")]
    public static partial void Spawned(this ILogger logger, string name);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "[emperor] stop the uwsgi instance {Name}")]
    public static partial void Stop(this ILogger logger, string name);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "[emperor] reload the uwsgi instance {Name}")]
    public static partial void Reload(this ILogger logger, string name);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "[emperor] curse the uwsgi instance {Name} (pid: {Pid})")]
    public static partial void Curse(this ILogger logger, string name, int pid);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "[emperor] removed uwsgi instance {Name}")]
    public static partial void Removed(this ILogger logger, string name);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "{Line}")]
    public static partial void Throttle(this ILogger logger, string line);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Warning, Message = "[emperor-tyrant] invalid permissions for vassal {Name}")]
    public static partial void TyrantRefused(this ILogger logger, string name);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Information, Message = "[emperor-tyrant] dropping privileges to {Uid} {Gid} for instance {Name}")]
    public static partial void TyrantDrop(this ILogger logger, uint uid, uint gid, string name);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Warning, Message = "!!! permissions of file {Name} changed. stopping the instance... !!!")]
    public static partial void PermissionsChanged(this ILogger logger, string name);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Warning, Message = "[emperor] vassal {Name} sent no heartbeat in last {Seconds} seconds, brutally respawning it...")]
    public static partial void NoHeartbeat(this ILogger logger, string name, int seconds);

    [LoggerMessage(EventId = 5017, Level = LogLevel.Warning, Message = "[emperor] *** RAGNAROK EVOKED ***")]
    public static partial void Ragnarok(this ILogger logger);

    [LoggerMessage(EventId = 5018, Level = LogLevel.Warning, Message = "[emperor] *** RAGNAROK ALREADY EVOKED (mercyless in {Seconds} seconds)***")]
    public static partial void RagnarokAgain(this ILogger logger, long seconds);

    [LoggerMessage(EventId = 5019, Level = LogLevel.Warning, Message = "[emperor] NO MERCY for vassal {Name} !!!")]
    public static partial void NoMercy(this ILogger logger, string name);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "The Emperor is buried.")]
    public static partial void Buried(this ILogger logger);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Information, Message = "vassal instance {Name} (last modified {LastMod}) status {Status} loyal {Loyal} zerg 0")]
    public static partial void VassalStatus(this ILogger logger, string name, long lastMod, int status, int loyal);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Information, Message = "[emperor] cleaning up blacklist ...")]
    public static partial void BlacklistCleared(this ILogger logger);

    [LoggerMessage(EventId = 5023, Level = LogLevel.Warning, Message = "[emperor] {Name}: Gantry reads ini vassals only (.xml, .yml, .yaml, .js and .json need uWSGI plugins Gantry does not have); file ignored")]
    public static partial void ForeignFormat(this ILogger logger, string name);

    [LoggerMessage(EventId = 5024, Level = LogLevel.Warning, Message = "[emperor] vassal {Name} asks for reinforcements (SOS), but Gantry has no broodlord/zerg mode to answer it; ignored")]
    public static partial void SosIgnored(this ILogger logger, string name);

    [LoggerMessage(EventId = 5025, Level = LogLevel.Warning, Message = "[emperor] unrecognized message {Byte} from vassal {Name}")]
    public static partial void UnknownMessage(this ILogger logger, int @byte, string name);

    [LoggerMessage(EventId = 5026, Level = LogLevel.Information, Message = "[emperor] {Name}: the vassal exited with uWSGI's exile code {Code}: removed, not respawned at once")]
    public static partial void Exiled(this ILogger logger, string name, int code);

    [LoggerMessage(EventId = 5027, Level = LogLevel.Information, Message = "[emperor] vassal {Name} (pid: {Pid}) ended, {How}")]
    public static partial void VassalEnded(this ILogger logger, string name, int pid, string how);

    [LoggerMessage(EventId = 5028, Level = LogLevel.Information, Message = "[emperor] {Signal} received: {Action}")]
    public static partial void SignalReceived(this ILogger logger, string signal, string action);
}
