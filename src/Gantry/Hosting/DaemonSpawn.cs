using System.Runtime.InteropServices;

namespace Gantry.Hosting;

/// <summary>
/// The posix_spawn call behind <see cref="Daemon"/>: a new session, fd 0 from /dev/null, fds 1 and 2 the log file,
/// optionally one more descriptor placed at a fixed number, every signal at its default and none blocked (.NET
/// ignores SIGPIPE, and a shell's background job ignores SIGINT/SIGQUIT: neither may leak into the daemon).
/// posix_spawn returns once the new image is running (glibc reports a failed exec as the error).
/// </summary>
internal static unsafe class DaemonSpawn
{
    /// <summary>Starts the process; its pid, or -1 with the reason.</summary>
    public static int Start(string executable, IReadOnlyList<string> arguments, IReadOnlyList<string> environment, int logFd,
        (int Fd, int At)? extra, out string error)
    {
        error = string.Empty;
        var owned = new List<nint>();
        var actions = NativeMemory.AllocZeroed(HostLibC.SpawnFileActionsSize);
        var attributes = NativeMemory.AllocZeroed(HostLibC.SpawnAttributesSize);
        var signals = NativeMemory.AllocZeroed(HostLibC.SignalSetSize);
        var argv = (byte**)NativeMemory.AllocZeroed((nuint)(arguments.Count + 2), (nuint)sizeof(byte*));
        var envp = (byte**)NativeMemory.AllocZeroed((nuint)(environment.Count + 1), (nuint)sizeof(byte*));
        try
        {
            HostLibC.posix_spawn_file_actions_init(actions);
            HostLibC.posix_spawnattr_init(attributes);
            var failed =
                HostLibC.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", HostLibC.O_RDONLY, 0) != 0
                || HostLibC.posix_spawn_file_actions_adddup2(actions, logFd, 1) != 0
                || HostLibC.posix_spawn_file_actions_adddup2(actions, logFd, 2) != 0
                || (extra is { } placed && HostLibC.posix_spawn_file_actions_adddup2(actions, placed.Fd, placed.At) != 0)
                || HostLibC.posix_spawnattr_setflags(attributes,
                    HostLibC.POSIX_SPAWN_SETSID | HostLibC.POSIX_SPAWN_SETSIGDEF | HostLibC.POSIX_SPAWN_SETSIGMASK) != 0
                || HostLibC.sigfillset(signals) != 0
                || HostLibC.posix_spawnattr_setsigdefault(attributes, signals) != 0
                || HostLibC.sigemptyset(signals) != 0
                || HostLibC.posix_spawnattr_setsigmask(attributes, signals) != 0;
            if (failed)
            {
                error = "cannot prepare posix_spawn";
                return -1;
            }
            argv[0] = Utf8(executable, owned);
            for (var i = 0; i < arguments.Count; i++)
            {
                argv[i + 1] = Utf8(arguments[i], owned);
            }
            for (var i = 0; i < environment.Count; i++)
            {
                envp[i] = Utf8(environment[i], owned);
            }
            int pid;
            var result = HostLibC.posix_spawn(&pid, argv[0], actions, attributes, argv, envp);
            if (result != 0)
            {
                error = $"{executable}: {HostLibC.ErrorText(result)}";
                return -1;
            }
            return pid;
        }
        finally
        {
            HostLibC.posix_spawn_file_actions_destroy(actions);
            HostLibC.posix_spawnattr_destroy(attributes);
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
            NativeMemory.Free(argv);
            NativeMemory.Free(envp);
            foreach (var pointer in owned)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    private static byte* Utf8(string text, List<nint> owned)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(text);
        owned.Add(pointer);
        return (byte*)pointer;
    }
}
