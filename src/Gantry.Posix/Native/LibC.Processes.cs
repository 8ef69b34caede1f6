using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>Processes: waiting for children, signalling them, replacing this image, and the C environment.</summary>
public static unsafe partial class LibC
{
    public const int WNOHANG = 1;

    [LibraryImport(Library, SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int kill(int pid, int signal);

    /// <summary>
    /// pidfd_open(2) (Linux 5.3, glibc 2.36): a descriptor that polls readable once the child <paramref name="pid"/>
    /// ended, so a loop can wait for a child in its epoll set instead of a SIGCHLD handler. Close-on-exec.
    /// </summary>
    [LibraryImport(Library, SetLastError = true)]
    public static partial int pidfd_open(int pid, uint flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int execve(byte* path, byte** argv, byte** envp);

    /// <summary>execv(3): as <see cref="execve"/> with this process's own environment.</summary>
    [LibraryImport(Library, SetLastError = true)]
    public static partial int execv(byte* path, byte** argv);

    /// <summary>_exit(2): no atexit handlers, no stdio flush, no .NET shutdown: for a process that must end now.</summary>
    [LibraryImport(Library)]
    public static partial void _exit(int status);

    /// <summary>setenv(3): the C environment, which .NET's Environment does not change on Unix (Python reads this one).</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int setenv(string name, string value, int overwrite);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int unsetenv(string name);

    /// <summary>RLIMIT_NOFILE: the open-file limit (Linux).</summary>
    public const int RLIMIT_NOFILE = 7;

    /// <summary>RLIMIT_NPROC: the process limit of the real user (Linux).</summary>
    public const int RLIMIT_NPROC = 6;

    /// <summary>RLIM_INFINITY: no limit.</summary>
    public const ulong RLIM_INFINITY = ulong.MaxValue;

    /// <summary>struct rlimit: the soft (current) and hard (maximum) limits.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport(Library, SetLastError = true)]
    public static partial int getrlimit(int resource, RLimit* limit);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int setrlimit(int resource, RLimit* limit);

    public const int PR_SET_PDEATHSIG = 1;

    /// <summary>prctl(2) with one integer argument (PR_SET_PDEATHSIG: the signal this process gets when the thread
    /// that created it ends).</summary>
    [LibraryImport(Library, SetLastError = true)]
    public static partial int prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    [LibraryImport(Library)]
    public static partial int getppid();

    [LibraryImport(Library)]
    public static partial int getpid();
}
