namespace Gantry.Protocols.Emperor;

/// <summary>
/// The one-byte messages of uWSGI's emperor ↔ vassal socketpair (core/emperor.c, core/master.c, core/utils.c, 2.0.21).
/// The vassal finds its end in <c>UWSGI_EMPEROR_FD</c>.
/// </summary>
public static class EmperorMessage
{
    /// <summary>Name of the environment variable holding the vassal's end of the socketpair.</summary>
    public const string FdVariable = "UWSGI_EMPEROR_FD";

    /// <summary>Emperor → vassal: stop now (uWSGI's kill_them_all).</summary>
    public const byte Stop = 0;

    /// <summary>Emperor → vassal: reload gracefully (uWSGI's grace_them_all).</summary>
    public const byte Reload = 1;

    /// <summary>Emperor → vassal: stop gracefully (uWSGI's gracefully_kill_them_all, with emperor-graceful-shutdown).</summary>
    public const byte GracefulStop = 2;

    /// <summary>Vassal → emperor: the instance has been spawned and is ready (notify_ready).</summary>
    public const byte Ready = 1;

    /// <summary>Vassal → emperor: send my configuration again (config pipe; not used by file monitors).</summary>
    public const byte ConfigRequest = 2;

    /// <summary>Vassal → emperor: the first worker accepts requests.</summary>
    public const byte Accepting = 5;

    /// <summary>Vassal → emperor: loyal, sent after the first request (a dead loyal vassal is not throttled).</summary>
    public const byte Loyal = 17;

    /// <summary>Vassal → emperor: stop me (die-on-idle).</summary>
    public const byte StopMe = 22;

    /// <summary>Vassal → emperor: heartbeat.</summary>
    public const byte Heartbeat = 26;

    /// <summary>Vassal → emperor: SOS, send reinforcements (broodlord zergs).</summary>
    public const byte Sos = 30;

    /// <summary>A vassal exit code that means "do not respawn me" (UWSGI_EXILE_CODE).</summary>
    public const int ExileCode = 26;
}
