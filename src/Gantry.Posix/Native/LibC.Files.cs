using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>Descriptors and files: open, read, write, pipes, fcntl, and the path calls .NET does not expose.</summary>
public static unsafe partial class LibC
{
    public const int STDIN_FILENO = 0;
    public const int STDOUT_FILENO = 1;
    public const int STDERR_FILENO = 2;

    /// <summary>open(2) flags (asm-generic/fcntl.h).</summary>
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_RDWR = 2;
    public const int O_CREAT = 0x40;
    public const int O_APPEND = 0x400;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_NOCTTY = 0x100;

    /// <summary>openat2(2) (Linux 5.6), which glibc 2.36 does not wrap: the system call's number, one on every architecture.</summary>
    public const long SYS_openat2 = 437;

    /// <summary>openat2(2) resolve flags (linux/openat2.h).</summary>
    public const ulong RESOLVE_NO_MAGICLINKS = 0x02;
    public const ulong RESOLVE_NO_SYMLINKS = 0x04;

    /// <summary>errno values of path resolution (asm-generic/errno-base.h, errno.h).</summary>
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ENOTDIR = 20;
    public const int ENAMETOOLONG = 36;
    public const int ENOSYS = 38;
    public const int ELOOP = 40;

    /// <summary>fcntl(2) commands and the descriptor flag.</summary>
    public const int F_GETFD = 1;
    public const int F_SETFD = 2;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int F_DUPFD_CLOEXEC = 1030;
    public const int FD_CLOEXEC = 1;

    public const int SEEK_CUR = 1;
    public const int SEEK_END = 2;

    /// <summary>access(2) modes (unistd.h).</summary>
    public const int R_OK = 4;
    public const int X_OK = 1;

    /// <summary>statx(2): relative paths from the current directory; the basic fields (type, mode, size, times).</summary>
    public const int AT_FDCWD = -100;
    public const int AT_EMPTY_PATH = 0x1000;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const uint STATX_BASIC_STATS = 0x7ff;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    /// <summary>struct open_how of openat2(2).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    /// <summary>openat2(2) through syscall(2) (<see cref="SYS_openat2"/>): the descriptor, or -1 with errno.</summary>
    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    public static partial long openat2(long number, int directory, byte* path, OpenHow* how, nuint size);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int pipe2(int* fds, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int dup2(int fd, int newFd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport(Library, SetLastError = true)]
    public static partial long lseek(int fd, long offset, int whence);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int mkfifo(string path, int mode);

    [LibraryImport(Library)]
    public static partial uint umask(uint mask);

    /// <summary>access(2): whether the real uid may read (<see cref="R_OK"/>) or execute (<see cref="X_OK"/>) a path.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int access(string path, int mode);

    /// <summary>chown(2); (uint)-1 leaves that id unchanged.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int chown(string path, uint owner, uint group);

    /// <summary>realpath(3) with a null buffer: the result is malloc'ed, to be released with <see cref="free"/>.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint realpath(string path, nint resolved);

    [LibraryImport(Library)]
    public static partial void free(nint pointer);

    /// <summary>statx(2): one struct layout on every architecture, unlike struct stat.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int directory, string path, int flags, uint mask, byte* buffer);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int chmod(string path, uint mode);
}
