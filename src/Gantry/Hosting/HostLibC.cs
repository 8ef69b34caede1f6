using System.Runtime.InteropServices;

namespace Gantry.Hosting;

/// <summary>
/// The libc calls the executable needs for its log file and daemon mode (Linux glibc, x86-64/arm64), bound with
/// source-generated P/Invoke so they stay AOT-clean. The daemon itself is started by Gantry.Master's
/// ProcessSpawner, the one posix_spawn wrapper.
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

    [LibraryImport(Library)]
    public static partial nint strerror(int errno);

    /// <summary>The C library's text for an errno value ("No such file or directory").</summary>
    public static string ErrorText(int errno) => Marshal.PtrToStringUTF8(strerror(errno)) ?? $"errno {errno}";
}
