using System.Runtime.InteropServices;
using Gantry.Master.Native;

namespace Gantry.Master.Processes;

/// <summary>
/// Starts workers as new processes of the same executable with posix_spawn. File actions place the lifeline
/// pipe, the status pipe, the scoreboard and every listening socket at the fixed numbers of
/// <see cref="WorkerHandoff"/> (dup2 clears close-on-exec on the copy, so exactly these survive the exec),
/// and chdir to the directory the master was started in, so the worker reads relative ini paths as the
/// master did. Signal dispositions and the mask are reset: .NET ignores SIGPIPE, and that must not leak.
/// </summary>
internal sealed unsafe class PosixWorkerLauncher : IWorkerLauncher
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
        var strings = new List<nint>();
        var actions = NativeMemory.AllocZeroed(MasterLibC.SpawnFileActionsSize);
        var attributes = NativeMemory.AllocZeroed(MasterLibC.SpawnAttributesSize);
        var signals = NativeMemory.AllocZeroed(MasterLibC.SignalSetSize);
        try
        {
            Check(MasterLibC.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            Check(MasterLibC.posix_spawn_file_actions_adddup2(actions, _channels.LifelineReadFd, WorkerHandoff.LifelineFd), "adddup2");
            Check(MasterLibC.posix_spawn_file_actions_adddup2(actions, _channels.StatusWriteFd, WorkerHandoff.StatusFd), "adddup2");
            Check(MasterLibC.posix_spawn_file_actions_adddup2(actions, _channels.ScoreboardFd, WorkerHandoff.ScoreboardFd), "adddup2");
            for (var i = 0; i < _listenerFds.Count; i++)
            {
                Check(MasterLibC.posix_spawn_file_actions_adddup2(actions, _listenerFds[i], WorkerHandoff.FirstListenerFd + i), "adddup2");
            }
            Check(MasterLibC.posix_spawn_file_actions_addchdir_np(actions, _startDirectory), "addchdir");
            Check(MasterLibC.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            Check(MasterLibC.posix_spawnattr_setflags(attributes, MasterLibC.POSIX_SPAWN_SETSIGDEF | MasterLibC.POSIX_SPAWN_SETSIGMASK), "setflags");
            MasterLibC.sigfillset(signals);
            Check(MasterLibC.posix_spawnattr_setsigdefault(attributes, signals), "setsigdefault");
            MasterLibC.sigemptyset(signals);
            Check(MasterLibC.posix_spawnattr_setsigmask(attributes, signals), "setsigmask");

            var path = Utf8(_executable, strings);
            var argv = stackalloc byte*[_arguments.Count + 2];
            argv[0] = path;
            for (var i = 0; i < _arguments.Count; i++)
            {
                argv[i + 1] = Utf8(_arguments[i], strings);
            }
            argv[_arguments.Count + 1] = null;

            var environment = BuildEnvironment(workerId, record);
            var envp = (byte**)NativeMemory.Alloc((nuint)(environment.Count + 1), (nuint)sizeof(byte*));
            try
            {
                for (var i = 0; i < environment.Count; i++)
                {
                    envp[i] = Utf8(environment[i], strings);
                }
                envp[environment.Count] = null;
                int pid;
                var error = MasterLibC.posix_spawn(&pid, path, actions, attributes, argv, envp);
                if (error != 0)
                {
                    throw new InvalidOperationException($"posix_spawn({_executable}) failed: errno {error}");
                }
                return pid;
            }
            finally
            {
                NativeMemory.Free(envp);
            }
        }
        finally
        {
            MasterLibC.posix_spawn_file_actions_destroy(actions);
            MasterLibC.posix_spawnattr_destroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
            foreach (var pointer in strings)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    public void Signal(int pid, int signal)
    {
        if (pid > 0)
        {
            MasterLibC.kill(pid, signal);
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

    private static byte* Utf8(string text, List<nint> owned)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(text);
        owned.Add(pointer);
        return (byte*)pointer;
    }

    private static void Check(int result, string call)
    {
        if (result != 0)
        {
            throw new InvalidOperationException($"{call} failed: error {result}");
        }
    }
}
