using System.Runtime.InteropServices;
using System.Text;
using Gantry.Posix.Native;

namespace Gantry.Posix.Processes;

/// <summary>
/// The one posix_spawn wrapper, for every child Gantry starts (the master's workers, the exe's daemon). glibc's
/// posix_spawn uses clone(CLONE_VM|CLONE_VFORK) and returns once the new image runs, reporting a failed exec
/// (missing file, no permission) as its result, so every failure surfaces here, before any child exists, as an
/// <see cref="InvalidOperationException"/> naming the call and its error (the master reports it as "cannot
/// spawn worker N: …"; the daemon's parent prints it). The caller owns the child: it reaps it
/// (<see cref="ChildReaper"/> or waitpid) and decodes how it ended with <see cref="WaitStatus"/>.
/// </summary>
public static unsafe class ProcessSpawner
{
    /// <summary>
    /// Starts <paramref name="request"/>; the child's pid. Throws <see cref="InvalidOperationException"/> worded
    /// "<c>call failed: text (errno N)</c>", e.g. "posix_spawn(/usr/bin/gantry) failed: No such file or directory (errno 2)".
    /// </summary>
    public static int Spawn(ProcessSpawnRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var actions = NativeMemory.AllocZeroed(LibC.SpawnFileActionsSize);
        var attributes = NativeMemory.AllocZeroed(LibC.SpawnAttributesSize);
        var signals = NativeMemory.AllocZeroed(LibC.SignalSetSize);
        bool actionsReady = false, attributesReady = false;
        try
        {
            Check(LibC.posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            actionsReady = true;
            AddFileActions(actions, request);
            Check(LibC.posix_spawnattr_init(attributes), "posix_spawnattr_init");
            attributesReady = true;
            SetAttributes(attributes, signals, request);

            using var argv = request.ArgumentBytes is { } words
                ? new NativeStringVector([Encoding.UTF8.GetBytes(request.Executable), .. words])
                : new NativeStringVector([request.Executable, .. request.Arguments]);
            using var envp = request.EnvironmentBytes is { } bytes ? new NativeStringVector(bytes) : new NativeStringVector(request.Environment);
            int pid;
            Check(LibC.posix_spawn(&pid, argv.Pointer[0], actions, attributes, argv.Pointer, envp.Pointer),
                $"posix_spawn({request.Executable})");
            return pid;
        }
        finally
        {
            if (actionsReady)
            {
                LibC.posix_spawn_file_actions_destroy(actions);
            }
            if (attributesReady)
            {
                LibC.posix_spawnattr_destroy(attributes);
            }
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
        }
    }

    private static void AddFileActions(void* actions, ProcessSpawnRequest request)
    {
        foreach (var open in request.Opens)
        {
            Check(LibC.posix_spawn_file_actions_addopen(actions, open.Fd, open.Path, open.Flags, 0),
                $"posix_spawn_file_actions_addopen({open.Fd}, {open.Path})");
        }
        foreach (var placement in request.Placements)
        {
            Check(LibC.posix_spawn_file_actions_adddup2(actions, placement.Fd, placement.At),
                $"posix_spawn_file_actions_adddup2({placement.Fd}, {placement.At})");
        }
        if (request.CloseOtherDescriptors)
        {
            Check(LibC.posix_spawn_file_actions_addclosefrom_np(actions, LibC.STDERR_FILENO + 1), "posix_spawn_file_actions_addclosefrom_np(3)");
        }
        if (request.WorkingDirectory is { } directory)
        {
            Check(LibC.posix_spawn_file_actions_addchdir_np(actions, directory),
                $"posix_spawn_file_actions_addchdir_np({directory})");
        }
    }

    /// <summary>
    /// Every disposition to its default (sigfillset + SETSIGDEF), no signal blocked (sigemptyset + SETSIGMASK), and the
    /// new session or process group the request asks for.
    /// </summary>
    private static void SetAttributes(void* attributes, void* signals, ProcessSpawnRequest request)
    {
        var flags = (short)(LibC.POSIX_SPAWN_SETSIGDEF | LibC.POSIX_SPAWN_SETSIGMASK
            | (request.NewSession ? LibC.POSIX_SPAWN_SETSID : 0)
            | (request.NewProcessGroup ? LibC.POSIX_SPAWN_SETPGROUP : 0));
        Check(LibC.posix_spawnattr_setflags(attributes, flags), "posix_spawnattr_setflags");
        if (request.NewProcessGroup)
        {
            Check(LibC.posix_spawnattr_setpgroup(attributes, 0), "posix_spawnattr_setpgroup");
        }
        Check(LibC.sigfillset(signals) == 0 ? 0 : LibC.Errno, "sigfillset");
        Check(LibC.posix_spawnattr_setsigdefault(attributes, signals), "posix_spawnattr_setsigdefault");
        Check(LibC.sigemptyset(signals) == 0 ? 0 : LibC.Errno, "sigemptyset");
        Check(LibC.posix_spawnattr_setsigmask(attributes, signals), "posix_spawnattr_setsigmask");
    }

    private static void Check(int error, string call)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"{call} failed: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})");
        }
    }
}
