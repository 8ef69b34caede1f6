using System.Runtime.InteropServices;
using Gantry.Posix.Native;

namespace Gantry.Posix.Memory;

/// <summary>
/// Byte blocks outside the managed heap that go back to the operating system when freed: a small block comes from
/// malloc; a block of <see cref="MappedThreshold"/> or more is a private anonymous mapping of its own, grown with
/// mremap and unmapped when freed, so the resident memory a burst of large responses took is returned at once.
/// Pooled managed arrays kept it (issue 15 §2, measured: 200 stalled 50 MiB responses left about 0.7 MB each on the
/// large-object heap, never collected because the garbage collector's budget grew with the peak, and the next burst
/// added as much again).
/// </summary>
public static unsafe class NativeBytes
{
    /// <summary>From this size on a block is a mapping of its own rather than part of malloc's heap.</summary>
    public const int MappedThreshold = 128 * 1024;

    /// <summary>A block of <paramref name="size"/> bytes (uninitialised). Throws <see cref="OutOfMemoryException"/>.</summary>
    public static byte* Allocate(int size)
    {
        if (size < MappedThreshold)
        {
            return (byte*)NativeMemory.Alloc((nuint)size);
        }
        var block = LibC.mmap(null, MappedLength(size), LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS, -1, 0);
        if (block == LibC.MAP_FAILED)
        {
            throw new OutOfMemoryException($"mmap of {size} bytes failed: errno {LibC.Errno}");
        }
        return (byte*)block;
    }

    /// <summary>
    /// The block at <paramref name="block"/> (of <paramref name="size"/> bytes) made <paramref name="newSize"/> bytes
    /// long, keeping its first min(size, newSize) bytes; the old pointer is invalid afterwards.
    /// </summary>
    public static byte* Resize(byte* block, int size, int newSize)
    {
        if (size < MappedThreshold && newSize < MappedThreshold)
        {
            return (byte*)NativeMemory.Realloc(block, (nuint)newSize);
        }
        if (size >= MappedThreshold && newSize >= MappedThreshold)
        {
            var moved = LibC.mremap(block, MappedLength(size), MappedLength(newSize), LibC.MREMAP_MAYMOVE);
            if (moved == LibC.MAP_FAILED)
            {
                throw new OutOfMemoryException($"mremap to {newSize} bytes failed: errno {LibC.Errno}");
            }
            return (byte*)moved;
        }
        var replacement = Allocate(newSize);
        Buffer.MemoryCopy(block, replacement, newSize, Math.Min(size, newSize));
        Free(block, size);
        return replacement;
    }

    /// <summary>Gives the block of <paramref name="size"/> bytes back.</summary>
    public static void Free(byte* block, int size)
    {
        if (block == null)
        {
            return;
        }
        if (size < MappedThreshold)
        {
            NativeMemory.Free(block);
            return;
        }
        LibC.munmap(block, MappedLength(size));
    }

    private static nint MappedLength(int size) => (size + 4095) & ~4095;
}
