namespace Gantry.Supervisor.Configuration;

/// <summary>
/// The keys supervisord 4 documents for each section kind. supervisord itself ignores a key it does not know; Gantry
/// refuses it with the nearest known key, because a mistyped <c>stopsignal</c> silently falling back to TERM is
/// exactly the mistake a user cannot see.
/// </summary>
internal static class ConfigKeys
{
    public static readonly string[] Supervisord =
    [
        "logfile", "logfile_maxbytes", "logfile_backups", "loglevel", "pidfile", "umask", "nodaemon", "silent", "minfds",
        "minprocs", "nocleanup", "childlogdir", "user", "directory", "strip_ansi", "environment", "identifier",
    ];

    public static readonly string[] Program =
    [
        "command", "process_name", "numprocs", "numprocs_start", "priority", "autostart", "autorestart", "startsecs",
        "startretries", "exitcodes", "stopsignal", "stopwaitsecs", "stopasgroup", "killasgroup", "user",
        "redirect_stderr", "stdout_logfile", "stdout_logfile_maxbytes", "stdout_logfile_backups",
        "stdout_capture_maxbytes", "stdout_events_enabled", "stdout_syslog", "stderr_logfile",
        "stderr_logfile_maxbytes", "stderr_logfile_backups", "stderr_capture_maxbytes", "stderr_events_enabled",
        "stderr_syslog", "environment", "directory", "umask", "serverurl",
    ];

    public static readonly string[] EventListener = [.. Program, "buffer_size", "events", "result_handler"];

    public static readonly string[] Group = ["programs", "priority"];

    public static readonly string[] Include = ["files"];

    public static readonly string[] UnixHttpServer = ["file", "chmod", "chown", "username", "password"];

    public static readonly string[] InetHttpServer = ["port", "username", "password"];

    public static readonly string[] Supervisorctl = ["serverurl", "username", "password", "prompt", "history_file"];

    /// <summary>Refuses a key outside <paramref name="known"/>, naming the nearest known one.</summary>
    public static void Check(IniSection section, IReadOnlyList<string> known)
    {
        foreach (var value in section.Values.Values)
        {
            if (!known.Contains(value.Key))
            {
                var nearest = known.MinBy(candidate => Distance(candidate, value.Key))!;
                throw new SupervisorConfigException(value.File, value.Line, value.Key,
                    $"unknown key in [{section.Name}]; did you mean '{nearest}'?");
            }
        }
    }

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
