using System.Runtime.InteropServices;
using Gantry.Posix.Native;

namespace Gantry.Posix.Files;

/// <summary>
/// realpath(3), statx(2) and access(2), which .NET does not expose: every symlink and ".." in a path resolved at once (what
/// uWSGI's containment check relies on), and the file type (a FIFO must never be opened), size and mtime in one
/// call. statx's struct has one layout on every architecture, unlike struct stat.
/// </summary>
public static unsafe class FileSystemCalls
{
    private const int StatxSize = 256;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;
    private const int ModificationTimeOffset = 112;
    private const int FileTypeMask = 0xF000;
    private const int RegularFileType = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int SymbolicLinkType = 0xA000;
    private const int UidOffset = 20;
    private const int GidOffset = 24;
    private const int ModificationNanosecondsOffset = 120;
    private const int InodeOffset = 32;
    private const int DeviceMajorOffset = 136;
    private const int DeviceMinorOffset = 140;
    private const int FifoType = 0x1000;
    private const int SocketType = 0xC000;
    private const int EmptyPath = 0x1000;

    /// <summary>The canonical absolute path, or null when some component does not exist (or is not searchable).</summary>
    public static string? RealPath(string path)
    {
        var resolved = LibC.realpath(path, 0);
        if (resolved == 0)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            LibC.free(resolved);
        }
    }

    /// <summary>
    /// Whether the canonical <paramref name="path"/> is <paramref name="root"/> or lies below it, at a path boundary
    /// (<c>/srv/static2</c> is not under <c>/srv/static</c>, where uWSGI's bare prefix compare admits it). Both are
    /// <see cref="RealPath"/> results.
    /// </summary>
    public static bool IsWithin(string path, string root) =>
        path.StartsWith(root, StringComparison.Ordinal)
        && (path.Length == root.Length || root.EndsWith('/') || path[root.Length] == '/');

    /// <summary>Whether this process may execute <paramref name="path"/> (access(2) X_OK: the bit for its user, and root needs one).</summary>
    public static bool CanExecute(string path) => LibC.access(path, LibC.X_OK) == 0;

    /// <summary>Whether this process may read <paramref name="path"/> (access(2) R_OK).</summary>
    public static bool CanRead(string path) => LibC.access(path, LibC.R_OK) == 0;

    /// <summary>Reads type, size and mtime of <paramref name="path"/> (following symlinks); false when it cannot be read.</summary>
    public static bool TryStat(string path, out FileKind kind, out long length, out long modifiedSeconds)
    {
        var buffer = stackalloc byte[StatxSize];
        return Decode(LibC.statx(LibC.AT_FDCWD, path, 0, LibC.STATX_BASIC_STATS, buffer) == 0 ? buffer : null,
            out kind, out length, out modifiedSeconds);
    }

    /// <summary>Reads type, size and mtime of the open descriptor <paramref name="fd"/> (fstat); false when it cannot be read.</summary>
    public static bool TryStat(int fd, out FileKind kind, out long length, out long modifiedSeconds)
    {
        var buffer = stackalloc byte[StatxSize];
        return Decode(LibC.statx(fd, "", EmptyPath, LibC.STATX_BASIC_STATS, buffer) == 0 ? buffer : null,
            out kind, out length, out modifiedSeconds);
    }

    private static bool Decode(byte* buffer, out FileKind kind, out long length, out long modifiedSeconds)
    {
        if (buffer is null)
        {
            kind = FileKind.Other;
            length = 0;
            modifiedSeconds = 0;
            return false;
        }
        var mode = *(ushort*)(buffer + ModeOffset) & FileTypeMask;
        kind = mode switch
        {
            RegularFileType => FileKind.Regular,
            DirectoryType => FileKind.Directory,
            _ => FileKind.Other,
        };
        length = *(long*)(buffer + SizeOffset);
        modifiedSeconds = *(long*)(buffer + ModificationTimeOffset);
        return true;
    }

    /// <summary>
    /// Opens <paramref name="path"/> (absolute, UTF-8, NUL-terminated) read-only and non-blocking (so a FIFO cannot
    /// block the caller), refusing any symlink met on the way: openat2(2) with RESOLVE_NO_SYMLINKS, as nginx's
    /// <c>disable_symlinks on</c> does it. A path with no "." or ".." segment that opens so is canonical, with no
    /// realpath(3) (a readlink per component). Returns the descriptor, or the negated errno: -ELOOP for a symlink,
    /// -ENOSYS on kernels before 5.6.
    /// </summary>
    public static int OpenWithoutSymlinks(ReadOnlySpan<byte> path)
    {
        if (path.IsEmpty || path[^1] != 0)
        {
            throw new ArgumentException("the path must end with a NUL byte", nameof(path));
        }
        var how = new LibC.OpenHow
        {
            Flags = (ulong)(LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC | LibC.O_NOCTTY),
            Resolve = LibC.RESOLVE_NO_SYMLINKS | LibC.RESOLVE_NO_MAGICLINKS,
        };
        fixed (byte* name = path)
        {
            while (true)
            {
                var fd = LibC.openat2(LibC.SYS_openat2, LibC.AT_FDCWD, name, &how, (nuint)sizeof(LibC.OpenHow));
                if (fd >= 0)
                {
                    return (int)fd;
                }
                var errno = LibC.Errno;
                if (errno != LibC.EINTR)
                {
                    return -errno;
                }
            }
        }
    }

    /// <summary>
    /// The bytes of the open file <paramref name="fd"/> from <paramref name="offset"/> to its end (0 past the end): what
    /// IResponseSink.WriteFile's negative count means, on every sink.
    /// </summary>
    public static long BytesFrom(int fd, long offset)
    {
        using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: false);
        return Math.Max(0, RandomAccess.GetLength(handle) - offset);
    }

    /// <summary>The identity of the open descriptor <paramref name="fd"/> (fstat), or null when it cannot be read.</summary>
    public static FileIdentity? Identify(int fd) => Identify(fd, "", EmptyPath);

    /// <summary>The identity of the file at <paramref name="path"/> (stat, following symlinks), or null when there is none.</summary>
    public static FileIdentity? Identify(string path) => Identify(LibC.AT_FDCWD, path, 0);

    private static FileIdentity? Identify(int directory, string path, int flags)
    {
        var buffer = stackalloc byte[StatxSize];
        if (LibC.statx(directory, path, flags, LibC.STATX_BASIC_STATS, buffer) != 0)
        {
            return null;
        }
        var type = *(ushort*)(buffer + ModeOffset) & FileTypeMask;
        var device = ((ulong)*(uint*)(buffer + DeviceMajorOffset) << 32) | *(uint*)(buffer + DeviceMinorOffset);
        return new FileIdentity(device, *(ulong*)(buffer + InodeOffset), *(long*)(buffer + SizeOffset), type is FifoType or SocketType);
    }

    /// <summary>
    /// Type, owner and mtime (to the nanosecond) of <paramref name="path"/>; with <paramref name="noFollow"/> a symlink
    /// itself (lstat), else its target. Null when it cannot be read. A symlink read with noFollow is <see cref="FileKind.Regular"/>
    /// only if <paramref name="noFollow"/> asked for links to count as files (uWSGI's emperor-nofollow takes either).
    /// </summary>
    public static FileOwnerStatus? StatOwner(string path, bool noFollow)
    {
        var buffer = stackalloc byte[StatxSize];
        if (LibC.statx(LibC.AT_FDCWD, path, noFollow ? LibC.AT_SYMLINK_NOFOLLOW : 0, LibC.STATX_BASIC_STATS, buffer) != 0)
        {
            return null;
        }
        var mode = *(ushort*)(buffer + ModeOffset) & FileTypeMask;
        var kind = mode switch
        {
            RegularFileType or SymbolicLinkType => FileKind.Regular,
            DirectoryType => FileKind.Directory,
            _ => FileKind.Other,
        };
        return new FileOwnerStatus(kind, *(uint*)(buffer + UidOffset), *(uint*)(buffer + GidOffset),
            *(long*)(buffer + ModificationTimeOffset), *(uint*)(buffer + ModificationNanosecondsOffset));
    }
}

/// <summary>Which file a path or a descriptor is (device and inode), its size, and whether it is a pipe or socket.</summary>
public readonly record struct FileIdentity(ulong Device, ulong Inode, long Size, bool IsStream);

/// <summary>What <see cref="FileSystemCalls.StatOwner"/> reads: the file type, its owner and its mtime.</summary>
public readonly record struct FileOwnerStatus(FileKind Kind, uint Uid, uint Gid, long ModifiedSeconds, uint ModifiedNanoseconds);
