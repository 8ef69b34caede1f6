namespace Gantry.Supervisor.Configuration;

/// <summary><c>[unix_http_server]</c> or <c>[inet_http_server]</c>: where the control interface listens.</summary>
internal sealed record ControlServerConfig(string? UnixPath, string? TcpAddress, int Chmod, string? Chown, string? Username, string? Password);

/// <summary><c>[supervisorctl]</c>: how a client reaches the server.</summary>
internal sealed record ControlClientConfig(string ServerUrl, string? Username, string? Password, string Prompt);

/// <summary>A whole supervisord file with its includes, read and checked.</summary>
internal sealed record SupervisorConfig
{
    public required string File { get; init; }
    public string Logfile { get; init; } = "supervisord.log";
    public long LogfileMaxBytes { get; init; } = 50 * 1024 * 1024;
    public int LogfileBackups { get; init; } = 10;
    public string LogLevel { get; init; } = "info";
    public string Pidfile { get; init; } = "supervisord.pid";
    public bool Nodaemon { get; init; }
    public bool Silent { get; init; }
    public int Minfds { get; init; } = 1024;
    public int Minprocs { get; init; } = 200;
    public int Umask { get; init; } = 0x12; // 022
    public string? User { get; init; }
    public string? Directory { get; init; }
    public bool StripAnsi { get; init; }
    public bool NoCleanup { get; init; }
    public string ChildLogDirectory { get; init; } = Path.GetTempPath();
    public string Identifier { get; init; } = "supervisor";
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];
    public ControlServerConfig? UnixServer { get; init; }
    public ControlServerConfig? InetServer { get; init; }
    public ControlClientConfig Client { get; init; } = new("http://localhost:9001", null, null, "supervisor");
    public bool HasRpcInterface { get; init; }
    public IReadOnlyList<GroupConfig> Groups { get; init; } = [];
}
