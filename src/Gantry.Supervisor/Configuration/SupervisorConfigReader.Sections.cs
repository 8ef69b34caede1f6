using Gantry.Posix.Native;

namespace Gantry.Supervisor.Configuration;

/// <summary>The sections other than programs: [supervisord], the two servers and [supervisorctl].</summary>
internal sealed partial class SupervisorConfigReader
{
    private SupervisorConfig ReadSupervisord(IniSection section, string file)
    {
        ConfigKeys.Check(section, ConfigKeys.Supervisord);
        string Value(string key, string fallback) => Get(section, key, fallback);
        var config = new SupervisorConfig
        {
            File = file,
            Logfile = Path.GetFullPath(Value("logfile", "supervisord.log"), _workingDirectory),
            LogfileMaxBytes = ConfigValues.ByteSize(At(section, "logfile_maxbytes"), Value("logfile_maxbytes", "50MB")),
            LogfileBackups = ConfigValues.Integer(At(section, "logfile_backups"), Value("logfile_backups", "10"), 0),
            LogLevel = Value("loglevel", "info").ToLowerInvariant(),
            Pidfile = Path.GetFullPath(Value("pidfile", "supervisord.pid"), _workingDirectory),
            Umask = ConfigValues.Octal(At(section, "umask"), Value("umask", "022")),
            Nodaemon = ConfigValues.Boolean(At(section, "nodaemon"), Value("nodaemon", "false")),
            Silent = ConfigValues.Boolean(At(section, "silent"), Value("silent", "false")),
            Minfds = ConfigValues.Integer(At(section, "minfds"), Value("minfds", "1024"), 1),
            Minprocs = ConfigValues.Integer(At(section, "minprocs"), Value("minprocs", "200"), 1),
            NoCleanup = ConfigValues.Boolean(At(section, "nocleanup"), Value("nocleanup", "false")),
            ChildLogDirectory = Value("childlogdir", Path.GetTempPath().TrimEnd('/')),
            User = section.Values.ContainsKey("user") ? Value("user", "") : null,
            Directory = section.Values.ContainsKey("directory") ? Value("directory", "") : null,
            StripAnsi = ConfigValues.Boolean(At(section, "strip_ansi"), Value("strip_ansi", "false")),
            Environment = section.Values.ContainsKey("environment") ? ConfigValues.KeyValuePairs(At(section, "environment"), Value("environment", "")) : [],
            Identifier = Value("identifier", "supervisor"),
        };
        string[] levels = ["critical", "error", "warn", "info", "debug", "trace", "blather"];
        if (!levels.Contains(config.LogLevel))
        {
            throw new SupervisorConfigException(section.File, At(section, "loglevel").Line, "loglevel", $"'{config.LogLevel}' is not one of {string.Join(", ", levels)}");
        }
        if (!System.IO.Directory.Exists(config.ChildLogDirectory))
        {
            throw new SupervisorConfigException(section.File, At(section, "childlogdir").Line, "childlogdir", $"the directory named as childlogdir ({config.ChildLogDirectory}) does not exist");
        }
        return config;
    }

    private ControlServerConfig ReadUnixServer(IniSection section)
    {
        ConfigKeys.Check(section, ConfigKeys.UnixHttpServer);
        if (!section.Values.ContainsKey("file"))
        {
            throw new SupervisorConfigException(section.File, section.Line, "file", "section [unix_http_server] has no file value");
        }
        var (username, password) = Credentials(section);
        return new ControlServerConfig(
            Path.GetFullPath(Get(section, "file", ""), _workingDirectory), null,
            ConfigValues.Octal(At(section, "chmod"), Get(section, "chmod", "0700")),
            section.Values.ContainsKey("chown") ? Get(section, "chown", "") : null, username, password);
    }

    private ControlServerConfig ReadInetServer(IniSection section)
    {
        ConfigKeys.Check(section, ConfigKeys.InetHttpServer);
        if (!section.Values.ContainsKey("port"))
        {
            throw new SupervisorConfigException(section.File, section.Line, "port", "section [inet_http_server] has no port value (write port = 127.0.0.1:9001)");
        }
        var port = Get(section, "port", "");
        var (username, password) = Credentials(section);
        return new ControlServerConfig(null, port.Contains(':', StringComparison.Ordinal) ? port : ":" + port, 0, null, username, password);
    }

    private (string? Username, string? Password) Credentials(IniSection section)
    {
        var username = section.Values.ContainsKey("username") ? Get(section, "username", "") : null;
        var password = section.Values.ContainsKey("password") ? Get(section, "password", "") : null;
        if (username is not null && password is null)
        {
            throw new SupervisorConfigException(section.File, At(section, "username").Line, "password", $"section [{section.Name}] contains a username but no password");
        }
        if (password is not null && username is null)
        {
            throw new SupervisorConfigException(section.File, At(section, "password").Line, "username", $"section [{section.Name}] contains a password but no username");
        }
        return (username, password);
    }

    private ControlClientConfig ReadClient(IniSection section)
    {
        ConfigKeys.Check(section, ConfigKeys.Supervisorctl);
        return new ControlClientConfig(
            Get(section, "serverurl", "http://localhost:9001"),
            section.Values.ContainsKey("username") ? Get(section, "username", "") : null,
            section.Values.ContainsKey("password") ? Get(section, "password", "") : null,
            Get(section, "prompt", "supervisor"));
    }

    /// <summary>Whether <paramref name="user"/> names an account (getpwnam), or is a number.</summary>
    private static unsafe bool UserExists(string user) =>
        int.TryParse(user, out _) || LibC.getpwnam(user) != null;
}
