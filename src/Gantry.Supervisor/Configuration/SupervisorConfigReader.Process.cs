namespace Gantry.Supervisor.Configuration;

/// <summary>One process of a [program:x] (options.py <c>processes_from_section</c>, for one process number).</summary>
internal sealed partial class SupervisorConfigReader
{
    private ProcessConfig ReadProcess(IniSection section, Dictionary<string, object> names, SupervisorConfig config)
    {
        string Value(string key, string fallback) => Get(section, key, fallback, names);
        var processName = Value("process_name", "%(program_name)s");
        if (section.Values.TryGetValue("process_name", out _))
        {
            processName = ConfigExpansion.Expand(At(section, "process_name"), names);
        }
        else
        {
            processName = (string)names["program_name"];
        }
        if (processName.Length == 0 || processName.IndexOfAny([':', '/', ' ']) >= 0)
        {
            throw new SupervisorConfigException(section.File, At(section, "process_name").Line, "process_name", $"'{processName}' may not be empty nor contain ':', '/' or spaces");
        }
        var stopAsGroup = ConfigValues.Boolean(At(section, "stopasgroup"), Value("stopasgroup", "false"));
        var killAsGroup = ConfigValues.Boolean(At(section, "killasgroup"), Value("killasgroup", stopAsGroup ? "true" : "false"));
        if (stopAsGroup && !killAsGroup)
        {
            throw new SupervisorConfigException(section.File, At(section, "killasgroup").Line, "killasgroup",
                "cannot set stopasgroup=true and killasgroup=false (stopping as a group implies killing as one)");
        }
        var redirect = ConfigValues.Boolean(At(section, "redirect_stderr"), Value("redirect_stderr", "false"));
        string? user = section.Values.ContainsKey("user") ? Value("user", "") : null;
        if (user is not null && !UserExists(user))
        {
            throw new SupervisorConfigException(section.File, At(section, "user").Line, "user", $"invalid user name {user}");
        }
        var stdout = ReadChannel(section, names, config, processName, "stdout");
        var stderr = ReadChannel(section, names, config, processName, "stderr");
        if (redirect && section.Values.ContainsKey("stderr_logfile") && stderr.Path is not null)
        {
            // supervisord: with redirect_stderr, stderr_logfile is ignored (stderr goes to the stdout log).
            stderr = stderr with { Path = null, Automatic = false };
        }
        var environment = section.Values.ContainsKey("environment")
            ? ConfigValues.KeyValuePairs(At(section, "environment"), Value("environment", ""))
            : [];
        return new ProcessConfig
        {
            Name = processName,
            Command = Value("command", ""),
            Directory = section.Values.ContainsKey("directory") ? Value("directory", "") : null,
            Umask = section.Values.ContainsKey("umask") ? ConfigValues.Octal(At(section, "umask"), Value("umask", "")) : null,
            Priority = ConfigValues.Integer(At(section, "priority"), Value("priority", "999")),
            Autostart = ConfigValues.Boolean(At(section, "autostart"), Value("autostart", "true")),
            StartSeconds = ConfigValues.Integer(At(section, "startsecs"), Value("startsecs", "1"), 0),
            StartRetries = ConfigValues.Integer(At(section, "startretries"), Value("startretries", "3"), 0),
            AutoRestart = ConfigValues.AutoRestartValue(At(section, "autorestart"), Value("autorestart", "unexpected")),
            ExitCodes = ConfigValues.ExitCodes(At(section, "exitcodes"), Value("exitcodes", "0")),
            StopSignal = ConfigValues.Signal(At(section, "stopsignal"), Value("stopsignal", "TERM")),
            StopWaitSeconds = ConfigValues.Integer(At(section, "stopwaitsecs"), Value("stopwaitsecs", "10"), 0),
            StopAsGroup = stopAsGroup,
            KillAsGroup = killAsGroup,
            User = user,
            RedirectStderr = redirect,
            Stdout = stdout,
            Stderr = stderr,
            Environment = environment,
            ServerUrl = section.Values.ContainsKey("serverurl") ? Value("serverurl", "") : null,
        };
    }

    private ChannelLogConfig ReadChannel(IniSection section, Dictionary<string, object> names, SupervisorConfig config, string processName, string channel)
    {
        string Value(string key, string fallback) => Get(section, key, fallback, names);
        var logfile = Value(channel + "_logfile", "AUTO");
        string? path;
        var automatic = false;
        switch (logfile.ToUpperInvariant())
        {
            case "NONE":
                path = null;
                break;
            case "AUTO":
                automatic = true;
                // supervisord: tempfile.mktemp(prefix='NAME-CHANNEL---IDENTIFIER-', suffix='.log', dir=childlogdir).
                path = Path.Combine(config.ChildLogDirectory, $"{processName}-{channel}---{config.Identifier}-{Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal)[..8]}.log");
                break;
            default:
                path = Path.GetFullPath(logfile, _workingDirectory);
                var directory = Path.GetDirectoryName(path)!;
                if (path != "/dev/stdout" && path != "/dev/stderr" && !System.IO.Directory.Exists(directory))
                {
                    throw new SupervisorConfigException(section.File, At(section, channel + "_logfile").Line, channel + "_logfile",
                        $"the directory named as part of the path {path} does not exist");
                }
                break;
        }
        return new ChannelLogConfig(
            path,
            automatic,
            ConfigValues.ByteSize(At(section, channel + "_logfile_maxbytes"), Value(channel + "_logfile_maxbytes", "50MB")),
            ConfigValues.Integer(At(section, channel + "_logfile_backups"), Value(channel + "_logfile_backups", "10"), 0),
            ConfigValues.ByteSize(At(section, channel + "_capture_maxbytes"), Value(channel + "_capture_maxbytes", "0")),
            ConfigValues.Boolean(At(section, channel + "_events_enabled"), Value(channel + "_events_enabled", "false")),
            ConfigValues.Boolean(At(section, channel + "_syslog"), Value(channel + "_syslog", "false")));
    }
}
