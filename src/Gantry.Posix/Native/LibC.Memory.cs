using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>Shared memory: an anonymous file (memfd) mapped by several processes (the master's scoreboard).</summary>
public static unsafe partial class LibC
{
    public const int MFD_CLOEXEC = 1;
    public const int PROT_READ = 1;
    public const int PROT_WRITE = 2;
    public const int MAP_SHARED = 1;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int memfd_create(string name, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial void* mmap(void* address, nint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int munmap(void* address, nint length);
}
