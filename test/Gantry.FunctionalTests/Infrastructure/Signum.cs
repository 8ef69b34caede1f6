namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>POSIX signal numbers as Linux (x86-64 and arm64) defines them, for <see cref="GantryProcess.Signal"/>.</summary>
/// <remarks>Named as in signal(7) so tests read like the uWSGI docs they check ("SIGHUP reloads").</remarks>
public enum Signum
{
    /// <summary>Hangup: uWSGI's graceful reload.</summary>
    SIGHUP = 1,

    /// <summary>Interrupt (Ctrl-C): uWSGI's brutal shutdown.</summary>
    SIGINT = 2,

    /// <summary>Quit: uWSGI's brutal shutdown (like SIGINT).</summary>
    SIGQUIT = 3,

    /// <summary>Kill: cannot be caught.</summary>
    SIGKILL = 9,

    /// <summary>User signal 1: uWSGI prints statistics.</summary>
    SIGUSR1 = 10,

    /// <summary>User signal 2: uWSGI prints worker status.</summary>
    SIGUSR2 = 12,

    /// <summary>Terminate: uWSGI's brutal reload (without --die-on-term).</summary>
    SIGTERM = 15,

    /// <summary>Resume a stopped process.</summary>
    SIGCONT = 18,

    /// <summary>Stop (cannot be caught).</summary>
    SIGSTOP = 19,

    /// <summary>Window change: uWSGI's graceful reload of workers only.</summary>
    SIGWINCH = 28,
}
