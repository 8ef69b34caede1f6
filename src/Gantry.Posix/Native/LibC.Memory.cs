using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>
/// Mappings: an anonymous file (memfd) shared by several processes (the master's scoreboard), and private anonymous
/// memory that goes back to the kernel when unmapped (<see cref="Memory.AnonymousMemory"/>).
/// </summary>
public static unsafe partial class LibC
{
    public const int MFD_CLOEXEC = 1;
    public const int PROT_READ = 1;
    public const int PROT_WRITE = 2;
    public const int MAP_SHARED = 1;
    public const int MAP_PRIVATE = 2;
    public const int MAP_ANONYMOUS = 0x20;
    public const int MREMAP_MAYMOVE = 1;

    /// <summary>What mmap and mremap return on failure: (void*)-1.</summary>
    public static readonly void* MAP_FAILED = (void*)-1;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int memfd_create(string name, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial void* mmap(void* address, nint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int munmap(void* address, nint length);

    /// <summary>MADV_PAGEOUT (Linux 5.4): reclaim these pages now; clean file pages mapped by this process alone leave
    /// memory and fault back in from the file when touched again.</summary>
    public const int MADV_PAGEOUT = 21;

    [LibraryImport(Library, SetLastError = true)]
    public static partial int madvise(void* address, nint length, int advice);

    [LibraryImport(Library, SetLastError = true)]
    public static partial void* mremap(void* oldAddress, nint oldLength, nint newLength, int flags);
}
