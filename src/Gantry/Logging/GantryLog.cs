using Microsoft.Extensions.Logging;

namespace Gantry.Logging;

/// <summary>The executable's log messages (event ids 1–99).</summary>
internal static partial class GantryLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "*** Starting gantry {Version} (pid {Pid}) ***")]
    public static partial void Starting(this ILogger logger, string version, int pid);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Notice}")]
    public static partial void Notice(this ILogger logger, string notice);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "*** {Warning} ***")]
    public static partial void ConfigurationWarning(this ILogger logger, string warning);

    [LoggerMessage(EventId = 4, Level = LogLevel.Critical, Message = "cannot bind {Address}: {Reason}")]
    public static partial void BindFailed(this ILogger logger, string address, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Critical, Message = "{Message}")]
    public static partial void AppLoadFailed(this ILogger logger, string message);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "{Signal} received: {Action}")]
    public static partial void SignalReceived(this ILogger logger, string signal, string action);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "goodbye to gantry.")]
    public static partial void Goodbye(this ILogger logger);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "detected max file descriptor number: {Limit} (max-fd)")]
    public static partial void MaxFdSet(this ILogger logger, int limit);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning,
        Message = "max-fd {Limit}: setrlimit() failed: {Reason}; the open-file limit stays {Current} (hard {Maximum}); raising the hard limit needs root, or set LimitNOFILE / ulimit -n")]
    public static partial void MaxFdRefused(this ILogger logger, int limit, string reason, long current, long maximum);

    [LoggerMessage(EventId = 8, Level = LogLevel.Critical, Message = "cannot chdir to {Directory}: {Reason}")]
    public static partial void ChdirFailed(this ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "*** no app loaded: every request answers 500 (need-app is off) ***")]
    public static partial void NoAppLoaded(this ILogger logger);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "*** WARNING: you are running gantry as root !!! (use the --uid flag) ***")]
    public static partial void RunningAsRoot(this ILogger logger);

    [LoggerMessage(EventId = 11, Level = LogLevel.Critical, Message = "cannot drop privileges: {Reason}")]
    public static partial void PrivilegesFailed(this ILogger logger, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "*** Operational MODE: {Mode} ***")]
    public static partial void OperationalMode(this ILogger logger, string mode);

    [LoggerMessage(EventId = 13, Level = LogLevel.Critical, Message = "gantry worker {Id} screams: my master disconnected, i will kill myself !!!")]
    public static partial void MasterGone(this ILogger logger, int id);

    [LoggerMessage(EventId = 14, Level = LogLevel.Critical, Message = "worker {Id}: cannot adopt the master's sockets: {Reason}")]
    public static partial void WorkerHandoffFailed(this ILogger logger, int id, string reason);

    [LoggerMessage(EventId = 15, Level = LogLevel.Critical, Message = "loop thread {Index} failed: {Reason}")]
    public static partial void LoopThreadFailed(this ILogger logger, int index, string reason);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "cannot write pidfile {Path}: {Reason}")]
    public static partial void PidFileFailed(this ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "*** {Options} need --master in gantry (the master enforces them); without it they are ignored ***")]
    public static partial void NeedsMaster(this ILogger logger, string options);

    [LoggerMessage(EventId = 18, Level = LogLevel.Critical, Message = "{Key} {Path}: cannot open the log file: {Reason}")]
    public static partial void LogFileFailed(this ILogger logger, string key, string path, string reason);

    [LoggerMessage(EventId = 19, Level = LogLevel.Information, Message = "using the socket systemd passed as fd {Fd} for {Address}")]
    public static partial void ActivatedSocketUsed(this ILogger logger, int fd, string address);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "systemd passed a socket (fd {Fd}, {Address}) that no configured socket matches; closed (add it to the configuration, e.g. http-socket = {Address})")]
    public static partial void ActivatedSocketUnused(this ILogger logger, int fd, string address);

    [LoggerMessage(EventId = 21, Level = LogLevel.Critical, Message = "https: {Reason}")]
    public static partial void HttpsSetupFailed(this ILogger logger, string reason);
}
