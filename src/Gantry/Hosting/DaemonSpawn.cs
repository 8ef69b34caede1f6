using Gantry.Master.Processes;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;

namespace Gantry.Hosting;

/// <summary>
/// The spawn behind <see cref="Daemon"/>: a new session, fd 0 from /dev/null, fds 1 and 2 the log file, optionally
/// one more descriptor placed at a fixed number; <see cref="ProcessSpawner"/> resets every signal to its default
/// with none blocked (.NET ignores SIGPIPE, and a shell's background job ignores SIGINT/SIGQUIT: neither may leak
/// into the daemon). The daemon keeps this process's directory: it is the command's own, re-run.
/// </summary>
internal static class DaemonSpawn
{
    /// <summary>Starts the process; its pid, or -1 with the reason.</summary>
    public static int Start(string executable, IReadOnlyList<string> arguments, IReadOnlyList<string> environment, int logFd,
        (int Fd, int At)? extra, out string error)
    {
        error = string.Empty;
        List<DescriptorPlacement> placements = [new(logFd, 1), new(logFd, 2)];
        if (extra is { } placed)
        {
            placements.Add(new(placed.Fd, placed.At));
        }
        try
        {
            return ProcessSpawner.Spawn(new ProcessSpawnRequest(executable, arguments, environment)
            {
                Opens = [new DescriptorOpen(0, "/dev/null", LibC.O_RDONLY)],
                Placements = placements,
                NewSession = true,
            });
        }
        catch (InvalidOperationException failure)
        {
            error = failure.Message;
            return -1;
        }
    }
}
