using Gantry.Posix.Native;
using Gantry.Posix.Processes;

namespace Gantry.Cgi;

/// <summary>
/// One running script: its pid (the leader of its own process group, so a kill reaches what it forked), a pidfd that
/// polls readable when it ended, and the parent's ends of its three pipes (non-blocking, close-on-exec). The child
/// gets the other ends as 0, 1 and 2 and no other descriptor. Each descriptor has one owner: the exchange closes the
/// stdin and stdout ends, <see cref="CgiChildren"/> the stderr end and the pidfd once it reaped the child.
/// </summary>
internal sealed unsafe class CgiProcess
{
    private CgiProcess(int pid, int pidFd, int stdin, int stdout, int stderr)
    {
        Pid = pid;
        PidFd = pidFd;
        Stdin = stdin;
        Stdout = stdout;
        Stderr = stderr;
    }

    public int Pid { get; }

    public int PidFd { get; }

    /// <summary>Where the request body goes (the script's stdin).</summary>
    public int Stdin { get; }

    /// <summary>The script's response (its stdout).</summary>
    public int Stdout { get; }

    /// <summary>The script's diagnostics (its stderr).</summary>
    public int Stderr { get; }

    /// <summary>How the script ended, once <see cref="CgiChildren"/> reaped it; null while it runs.</summary>
    public WaitStatus? EndStatus { get; private set; }

    /// <summary>Called once, on the loop thread, when the script is reaped (the exchange waiting for its end sets it).</summary>
    public Action? EndObserved { get; set; }

    /// <summary>The script was reaped with <paramref name="status"/>.</summary>
    public void Ended(WaitStatus status)
    {
        EndStatus = status;
        var observed = EndObserved;
        EndObserved = null;
        observed?.Invoke();
    }

    /// <summary>
    /// Starts <paramref name="command"/>. Throws <see cref="InvalidOperationException"/> naming the call and its error
    /// when a pipe cannot be made or the program cannot be started (a missing helper, no permission), before any child exists.
    /// </summary>
    public static CgiProcess Start(string command, IReadOnlyList<byte[]> arguments, List<byte[]> environment, string? workingDirectory)
    {
        var fds = stackalloc int[6] { -1, -1, -1, -1, -1, -1 };
        try
        {
            for (var i = 0; i < 3; i++)
            {
                if (LibC.pipe2(fds + (2 * i), LibC.O_CLOEXEC) != 0)
                {
                    throw new InvalidOperationException($"pipe2 failed: {LibC.ErrorText(LibC.Errno)}");
                }
            }
            int stdinRead = fds[0], stdinWrite = fds[1], stdoutRead = fds[2], stdoutWrite = fds[3], stderrRead = fds[4], stderrWrite = fds[5];
            var request = new ProcessSpawnRequest(command, [], [])
            {
                ArgumentBytes = arguments,
                EnvironmentBytes = environment,
                Placements = [new DescriptorPlacement(stdinRead, 0), new DescriptorPlacement(stdoutWrite, 1), new DescriptorPlacement(stderrWrite, 2)],
                WorkingDirectory = workingDirectory,
                NewProcessGroup = true,
                CloseOtherDescriptors = true,
            };
            var pid = ProcessSpawner.Spawn(request);
            Close(ref fds[0]);
            Close(ref fds[3]);
            Close(ref fds[5]);
            var pidFd = LibC.pidfd_open(pid, 0);
            if (pidFd < 0)
            {
                var error = LibC.Errno;
                LibC.kill(pid, SignalNumbers.SIGKILL);
                int status;
                LibC.waitpid(pid, &status, 0);
                throw new InvalidOperationException($"pidfd_open failed: {LibC.ErrorText(error)}");
            }
            SetNonBlocking(stdinWrite);
            SetNonBlocking(stdoutRead);
            SetNonBlocking(stderrRead);
            fds[1] = fds[2] = fds[4] = -1;
            return new CgiProcess(pid, pidFd, stdinWrite, stdoutRead, stderrRead);
        }
        finally
        {
            for (var i = 0; i < 6; i++)
            {
                Close(ref fds[i]);
            }
        }
    }

    /// <summary>SIGKILL to the script's whole process group (what it forked too); quiet when it is gone already.</summary>
    public void KillGroup() => LibC.kill(-Pid, SignalNumbers.SIGKILL);

    private static void SetNonBlocking(int fd)
    {
        var flags = LibC.fcntl(fd, LibC.F_GETFL, 0);
        LibC.fcntl(fd, LibC.F_SETFL, flags | LibC.O_NONBLOCK);
    }

    private static void Close(ref int fd)
    {
        if (fd >= 0)
        {
            LibC.close(fd);
            fd = -1;
        }
    }
}
