namespace Gantry.Posix.Processes;

/// <summary>
/// How a child ended, decoded from waitpid(2)'s status word (the W* macros of sys/wait.h:
/// low 7 bits = terminating signal, 0 for a normal exit whose code is in bits 8–15).
/// </summary>
public readonly record struct WaitStatus(int Raw)
{
    /// <summary>True when the child called exit (or returned from main).</summary>
    public bool Exited => (Raw & 0x7f) == 0;

    /// <summary>The exit code when <see cref="Exited"/>.</summary>
    public int ExitCode => (Raw >> 8) & 0xff;

    /// <summary>True when a signal ended the child.</summary>
    public bool Signaled => (Raw & 0x7f) is not 0 and not 0x7f;

    /// <summary>The terminating signal when <see cref="Signaled"/>.</summary>
    public int Signal => Raw & 0x7f;

    /// <summary>A status for a normal exit with <paramref name="code"/> (tests and logs).</summary>
    public static WaitStatus FromExitCode(int code) => new((code & 0xff) << 8);

    /// <summary>A status for death by <paramref name="signal"/>.</summary>
    public static WaitStatus FromSignal(int signal) => new(signal & 0x7f);

    /// <summary>The exit code a shell would report: the code, or 128 + the signal.</summary>
    public int ShellCode => Exited ? ExitCode : 128 + Signal;

    /// <inheritdoc />
    public override string ToString() => Exited ? $"exit code {ExitCode}" : $"signal {Signal}";
}
