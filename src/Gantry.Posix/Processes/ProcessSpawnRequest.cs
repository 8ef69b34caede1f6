namespace Gantry.Posix.Processes;

/// <summary>
/// What <see cref="ProcessSpawner"/> starts. The child's file actions run in this order: <see cref="Opens"/>,
/// <see cref="Placements"/>, then the chdir to <see cref="WorkingDirectory"/>. Every signal disposition is reset
/// to its default and the mask emptied in every child (.NET ignores SIGPIPE, a shell's background job ignores
/// SIGINT/SIGQUIT: neither may leak).
/// </summary>
/// <param name="Executable">The program to run; also the child's argv[0].</param>
/// <param name="Arguments">argv[1] onwards.</param>
/// <param name="Environment">The child's whole environment, as NAME=value entries.</param>
public sealed record ProcessSpawnRequest(string Executable, IReadOnlyList<string> Arguments, IReadOnlyList<string> Environment)
{
    /// <summary>Files the child opens at fixed numbers (the daemon's stdin from /dev/null). None by default.</summary>
    public IReadOnlyList<DescriptorOpen> Opens { get; init; } = [];

    /// <summary>Parent descriptors the child gets at fixed numbers; nothing else survives the exec if the parent's
    /// descriptors are close-on-exec. None by default.</summary>
    public IReadOnlyList<DescriptorPlacement> Placements { get; init; } = [];

    /// <summary>The directory the child starts in (posix_spawn_file_actions_addchdir_np, glibc 2.29+); null keeps the
    /// parent's. Null by default.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Start the child in a new session, without a controlling terminal (POSIX_SPAWN_SETSID, glibc 2.26+).
    /// False by default.</summary>
    public bool NewSession { get; init; }

    /// <summary>
    /// Start the child as the leader of a new process group (POSIX_SPAWN_SETPGROUP with group 0), so
    /// <c>kill(-pid, …)</c> reaches it and every process it starts (a CGI script's grandchildren). False by default.
    /// </summary>
    public bool NewProcessGroup { get; init; }

    /// <summary>
    /// Close every descriptor above stderr in the child after the placements (posix_spawn_file_actions_addclosefrom_np,
    /// glibc 2.34+), as uWSGI's cgi plugin does before it execs a script: one left without close-on-exec (an inherited
    /// listening socket) never reaches it. False by default.
    /// </summary>
    public bool CloseOtherDescriptors { get; init; }

    /// <summary>
    /// The child's environment as bytes (each <c>NAME=value</c>, no NUL), used instead of <see cref="Environment"/>
    /// when set: for values that are not text in any encoding, such as a CGI script's request variables (latin-1 bytes
    /// as they came off the wire). Null by default.
    /// </summary>
    public IReadOnlyList<byte[]>? EnvironmentBytes { get; init; }

    /// <summary>
    /// argv[1] onwards as bytes, used instead of <see cref="Arguments"/> when set: for words that are not text, such as
    /// a CGI script's indexed-query words (percent-decoded bytes). Null by default.
    /// </summary>
    public IReadOnlyList<byte[]>? ArgumentBytes { get; init; }
}
