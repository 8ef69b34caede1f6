using System.Runtime.InteropServices;

namespace Gantry.Hosting;

/// <summary>
/// The libc calls the executable needs for its log file and daemon mode (Linux glibc, x86-64/arm64), bound with
/// source-generated P/Invoke so they stay AOT-clean. .NET cannot fork once its runtime runs, so the daemon is a
/// new process of this same executable started with posix_spawn (glibc's clone(CLONE_VM|CLONE_VFORK)).
/// </summary>
internal static unsafe partial class HostLibC
{
    private const string Library = "libc";

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_APPEND = 0x400;
    public const int O_CLOEXEC = 0x80000;
    public const int F_SETFD = 2;
    public const int FD_CLOEXEC = 1;
    public const int EINTR = 4;

    /// <summary>posix_spawnattr flags (spawn.h): reset dispositions, set the mask, start a new session (glibc 2.26+).</summary>
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
    public const short POSIX_SPAWN_SETSID = 0x80;

    /// <summary>Generous sizes for glibc's opaque spawn structures (80 and 336 bytes on x86-64) and sigset_t.</summary>
    public const int SpawnFileActionsSize = 256;
    public const int SpawnAttributesSize = 1024;
    public const int SignalSetSize = 128;

    public static int Errno => Marshal.GetLastPInvokeError();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int dup2(int fd, int newFd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);

    [LibraryImport(Library)]
    public static partial uint umask(uint mask);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int unsetenv(string name);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newFd);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, string path, int flags, int mode);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int posix_spawnattr_init(void* attributes);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int posix_spawnattr_destroy(void* attributes);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int posix_spawnattr_setflags(void* attributes, short flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int posix_spawnattr_setsigmask(void* attributes, void* signals);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int posix_spawnattr_setsigdefault(void* attributes, void* signals);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int sigemptyset(void* signals);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int sigfillset(void* signals);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int posix_spawn(int* pid, byte* path, void* actions, void* attributes, byte** argv, byte** envp);

    [LibraryImport(Library)]
    public static partial nint strerror(int errno);

    /// <summary>The C library's text for an errno value ("No such file or directory").</summary>
    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(strerror(errno)) ?? $"errno {errno}";
}
