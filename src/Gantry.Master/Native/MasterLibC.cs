using System.Runtime.InteropServices;

namespace Gantry.Master.Native;

/// <summary>
/// The libc calls the master and its workers need (Linux x86-64/arm64 glibc), bound with source-generated
/// P/Invoke so they stay AOT-clean. The posix_spawn family is in <c>MasterLibC.Spawn.cs</c>.
/// </summary>
internal static unsafe partial class MasterLibC
{
    private const string Library = "libc";

    public const int O_RDONLY = 0;
    public const int O_RDWR = 2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int F_DUPFD_CLOEXEC = 1030;
    public const int F_GETFD = 1;
    public const int FD_CLOEXEC = 1;
    public const int WNOHANG = 1;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int ECHILD = 10;
    public const int ESRCH = 3;
    public const int EEXIST = 17;
    public const int MFD_CLOEXEC = 1;
    public const int PROT_READ = 1;
    public const int PROT_WRITE = 2;
    public const int MAP_SHARED = 1;

    public static int Errno => Marshal.GetLastPInvokeError();

    [LibraryImport(Library, SetLastError = true)]
    public static partial int execve(byte* path, byte** argv, byte** envp);

    public const int F_SETFD = 2;

    [LibraryImport(Library, SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int mkfifo(string path, int mode);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int memfd_create(string name, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport(Library, SetLastError = true)]
    public static partial long lseek(int fd, long offset, int whence);

    public const int SEEK_END = 2;

    [LibraryImport(Library, SetLastError = true)]
    public static partial void* mmap(void* address, nint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int munmap(void* address, nint length);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int setuid(uint uid);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int setgid(uint gid);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int setgroups(nint size, uint* groups);

    [LibraryImport(Library, SetLastError = true)]
    public static partial uint geteuid();

    /// <summary>struct passwd*: pw_name, pw_passwd (pointers), then pw_uid at 16 and pw_gid at 20 (LP64).</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial byte* getpwnam(string name);

    /// <summary>struct group*: gr_name, gr_passwd (pointers), then gr_gid at 16 (LP64).</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial byte* getgrnam(string name);

    /// <summary>chown(2); (uint)-1 leaves that id unchanged.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int chown(string path, uint owner, uint group);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int initgroups(string user, uint group);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int unsetenv(string name);

    [LibraryImport(Library)]
    public static partial void _exit(int status);
}
