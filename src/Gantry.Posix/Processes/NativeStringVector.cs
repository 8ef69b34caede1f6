using System.Runtime.InteropServices;

namespace Gantry.Posix.Processes;

/// <summary>
/// A NULL-terminated array of NUL-terminated UTF-8 strings in native memory, as execve(2) and posix_spawn take for
/// argv and envp. Owns the array and every string; <see cref="Dispose"/> frees them.
/// </summary>
public sealed unsafe class NativeStringVector : IDisposable
{
    private readonly int _count;

    /// <summary>Copies <paramref name="items"/> into native memory.</summary>
    public NativeStringVector(IReadOnlyList<string> items)
    {
        _count = items.Count;
        Pointer = (byte**)NativeMemory.AllocZeroed((nuint)(_count + 1), (nuint)sizeof(byte*));
        try
        {
            for (var i = 0; i < _count; i++)
            {
                Pointer[i] = (byte*)Marshal.StringToCoTaskMemUTF8(items[i]);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Copies <paramref name="items"/>, each already encoded (no NUL inside), into native memory.</summary>
    public NativeStringVector(IReadOnlyList<byte[]> items)
    {
        _count = items.Count;
        Pointer = (byte**)NativeMemory.AllocZeroed((nuint)(_count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < _count; i++)
        {
            var item = items[i];
            var copy = (byte*)Marshal.AllocCoTaskMem(item.Length + 1);
            item.AsSpan().CopyTo(new Span<byte>(copy, item.Length));
            copy[item.Length] = 0;
            Pointer[i] = copy;
        }
    }

    /// <summary>The array; its last entry is null. Null once disposed.</summary>
    public byte** Pointer { get; private set; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Pointer == null)
        {
            return;
        }
        for (var i = 0; i < _count; i++)
        {
            Marshal.FreeCoTaskMem((nint)Pointer[i]);
        }
        NativeMemory.Free(Pointer);
        Pointer = null;
    }
}
