using System.Runtime.InteropServices;
using Gantry.Logging;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;

namespace Gantry.Hosting;

/// <summary>
/// <c>daemonize</c> / <c>daemonize2</c>. uWSGI forks twice with a setsid() between (core/utils.c daemonize()), but
/// .NET cannot fork once its runtime runs, so the parent starts this same executable again with the same arguments
/// and directory: a new session (POSIX_SPAWN_SETSID), stdin /dev/null, stdout and stderr the log file, signal
/// dispositions and mask at their defaults, and <see cref="ChildVariable"/> set so the child does not detach again
/// (nor after a master reload, which keeps the environment). The parent opens the log file itself, so a bad path
/// fails on the terminal with a non-zero exit, where uWSGI's parent has already returned 0.
/// </summary>
internal static unsafe class Daemon
{
    /// <summary>Set in the daemon's environment: this process is the daemon, not the command that started it.</summary>
    public const string ChildVariable = "GANTRY_DAEMONIZED";

    /// <summary>Set by daemonize2's parent: the descriptor of the pipe on which the daemon reports that it serves.</summary>
    public const string ReadyVariable = "GANTRY_DAEMON_READY_FD";

    /// <summary>Where daemonize2's readiness pipe lands in the daemon.</summary>
    private const int ReadyFd = 3;

    /// <summary>True in the daemon (and in a master that re-executed itself there).</summary>
    public static bool IsChild => Environment.GetEnvironmentVariable(ChildVariable) == "1";

    /// <summary>
    /// In the parent: starts the daemon and returns the exit code for this command. daemonize returns 0 once the
    /// daemon process exists (uWSGI's parent returns right after fork); daemonize2 waits until the daemon logs its
    /// readiness line, or returns the daemon's exit code when it stops before (closest to uWSGI daemonizing after
    /// the app loaded, so a broken app fails the command).
    /// </summary>
    public static int Detach(string logPath, string key, IReadOnlyList<string> arguments, bool waitUntilServing)
    {
        var logFd = LogFile.Open(logPath, out var reason);
        if (logFd < 0)
        {
            Console.Error.WriteLine($"gantry: {key} {logPath}: cannot open the log file: {reason}");
            return ExitCodes.ConfigurationError;
        }
        var pipe = stackalloc int[2] { -1, -1 };
        if (waitUntilServing && LibC.pipe2(pipe, LibC.O_CLOEXEC) != 0)
        {
            pipe[0] = pipe[1] = -1;
        }
        var pid = Spawn(logFd, pipe[1], arguments, out var error);
        LibC.close(logFd);
        if (pipe[1] >= 0)
        {
            LibC.close(pipe[1]);
        }
        if (pid <= 0)
        {
            Console.Error.WriteLine($"gantry: {key}: cannot start the daemon: {error}");
            return ExitCodes.ConfigurationError;
        }
        if (pipe[0] < 0)
        {
            return ExitCodes.Success;
        }
        Console.Out.WriteLine($"*** daemonizing gantry (pid {pid}), logging to {logPath} ***");
        return WaitUntilServing(pipe[0], pid, logPath);
    }

    /// <summary>In the daemon: umask 0 as uWSGI's daemonize(), and daemonize2's readiness pipe taken over.</summary>
    public static void EnterChild()
    {
        LibC.umask(0);
        if (Environment.GetEnvironmentVariable(ReadyVariable) == ReadyFd.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            // Neither workers nor a re-executed master may inherit it: after a reload fd 3 may be a socket.
            LibC.fcntl(ReadyFd, LibC.F_SETFD, LibC.FD_CLOEXEC);
            DaemonReadiness.Adopt(ReadyFd);
        }
        NativeEnvironment.Remove(ReadyVariable);
    }

    private static int WaitUntilServing(int readFd, int pid, string logPath)
    {
        byte signal;
        nint count;
        do
        {
            count = LibC.read(readFd, &signal, 1);
        }
        while (count < 0 && LibC.Errno == LibC.EINTR);
        LibC.close(readFd);
        if (count == 1)
        {
            return ExitCodes.Success;
        }
        // End of file: the daemon closed the pipe without serving, i.e. it exited; it is our child, so reap it.
        int status;
        var exitCode = LibC.waitpid(pid, &status, 0) == pid ? new WaitStatus(status).ShellCode : ExitCodes.ConfigurationError;
        Console.Error.WriteLine($"gantry: the daemon (pid {pid}) stopped before serving (exit code {exitCode}); see {logPath}");
        return exitCode == ExitCodes.Success ? ExitCodes.ConfigurationError : exitCode;
    }

    private static int Spawn(int logFd, int readyFd, IReadOnlyList<string> arguments, out string error)
    {
        error = string.Empty;
        var executable = PythonExecutableHost.GantryExecutable;
        if (executable is null)
        {
            error = "the path of this executable is unknown";
            return -1;
        }
        if (Path.GetFileNameWithoutExtension(executable) == "dotnet")
        {
            // Run as `dotnet gantry.dll …` (development): the daemon needs the assembly path too.
            arguments = [Environment.GetCommandLineArgs()[0], .. arguments];
        }
        var environment = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if ((string)entry.Key is not (ChildVariable or ReadyVariable))
            {
                environment.Add($"{entry.Key}={entry.Value}");
            }
        }
        environment.Add($"{ChildVariable}=1");
        if (readyFd >= 0)
        {
            environment.Add($"{ReadyVariable}={ReadyFd}");
        }
        return DaemonSpawn.Start(executable, arguments, environment, logFd, readyFd >= 0 ? (readyFd, ReadyFd) : null, out error);
    }
}
