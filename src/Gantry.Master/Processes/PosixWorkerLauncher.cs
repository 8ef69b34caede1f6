using Gantry.Posix.Native;
using Gantry.Posix.Processes;

namespace Gantry.Master.Processes;

/// <summary>
/// Starts workers as new processes of the same executable with <see cref="ProcessSpawner"/>. File actions place
/// the lifeline pipe, the status pipe, the scoreboard and every listening socket at the fixed numbers of
/// <see cref="WorkerHandoff"/> (dup2 clears close-on-exec on the copy, so exactly these survive the exec),
/// and chdir to the directory the master was started in, so the worker reads relative ini paths as the
/// master did. Signal dispositions and the mask are reset: .NET ignores SIGPIPE, and that must not leak.
/// </summary>
internal sealed class PosixWorkerLauncher : IWorkerLauncher
{
    private readonly string _executable;
    private readonly IReadOnlyList<string> _arguments;
    private readonly string _startDirectory;
    private readonly MasterChannels _channels;
    private readonly IReadOnlyList<int> _listenerFds;
    private readonly string _listenersValue;

    /// <param name="executable">Path of this executable (Environment.ProcessPath).</param>
    /// <param name="arguments">The master's own command-line arguments, passed through unchanged.</param>
    /// <param name="startDirectory">The directory the master started in (before any chdir).</param>
    /// <param name="channels">Pipes and scoreboard shared with the workers.</param>
    /// <param name="listenerFds">Descriptors of the listening sockets, all ≥ 6 + their count (see <see cref="MasterChannels.DuplicateHigh"/>).</param>
    /// <param name="listenersValue">The GANTRY_LISTENERS value describing them.</param>
    public PosixWorkerLauncher(string executable, IReadOnlyList<string> arguments, string startDirectory,
        MasterChannels channels, IReadOnlyList<int> listenerFds, string listenersValue)
    {
        _executable = executable;
        _arguments = arguments;
        _startDirectory = startDirectory;
        _channels = channels;
        _listenerFds = listenerFds;
        _listenersValue = listenersValue;
    }

    public int Spawn(int workerId, int record)
    {
        var placements = new List<DescriptorPlacement>
        {
            new(_channels.LifelineReadFd, WorkerHandoff.LifelineFd),
            new(_channels.StatusWriteFd, WorkerHandoff.StatusFd),
            new(_channels.ScoreboardFd, WorkerHandoff.ScoreboardFd),
        };
        for (var i = 0; i < _listenerFds.Count; i++)
        {
            placements.Add(new(_listenerFds[i], WorkerHandoff.FirstListenerFd + i));
        }
        return ProcessSpawner.Spawn(new ProcessSpawnRequest(_executable, _arguments, BuildEnvironment(workerId, record))
        {
            Placements = placements,
            WorkingDirectory = _startDirectory,
        });
    }

    public void Signal(int pid, int signal)
    {
        if (pid > 0)
        {
            LibC.kill(pid, signal);
        }
    }

    private List<string> BuildEnvironment(int workerId, int record)
    {
        var result = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (name is WorkerHandoff.WorkerVariable or WorkerHandoff.ListenersVariable)
            {
                continue;
            }
            result.Add($"{name}={entry.Value}");
        }
        result.Add($"{WorkerHandoff.WorkerVariable}={WorkerHandoff.FormatWorker(workerId, record)}");
        result.Add($"{WorkerHandoff.ListenersVariable}={_listenersValue}");
        return result;
    }
}
