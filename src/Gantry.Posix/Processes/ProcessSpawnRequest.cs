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
}
