using Gantry.Posix.Memory;

namespace Gantry.Posix.Tests.Memory;

public sealed unsafe class NativeBytesTests
{
    [Theory]
    [InlineData(4096, 64 * 1024)] // malloc to malloc
    [InlineData(4096, 1024 * 1024)] // malloc to a mapping
    [InlineData(256 * 1024, 4 * 1024 * 1024)] // mapping grown with mremap
    [InlineData(1024 * 1024, 8 * 1024)] // mapping back to malloc
    public void Resize_KeepsTheBytesItHad(int size, int newSize)
    {
        var block = NativeBytes.Allocate(size);
        var kept = Math.Min(size, newSize);
        for (var i = 0; i < kept; i++)
        {
            block[i] = (byte)(i * 7);
        }

        block = NativeBytes.Resize(block, size, newSize);

        for (var i = 0; i < kept; i++)
        {
            Assert.Equal((byte)(i * 7), block[i]);
        }
        // The new size is usable to its last byte.
        block[newSize - 1] = 1;
        NativeBytes.Free(block, newSize);
    }

    [Fact]
    public void Free_LargeBlock_ResidentMemoryGoesBack()
    {
        const int Size = 64 * 1024 * 1024;
        var before = ResidentKibibytes();
        var block = NativeBytes.Allocate(Size);
        new Span<byte>(block, Size).Fill(1);
        var touched = ResidentKibibytes();

        NativeBytes.Free(block, Size);

        Assert.True(touched - before > Size / 1024 / 2, $"the block was never resident ({before} kB, then {touched} kB)");
        Assert.True(ResidentKibibytes() < touched - Size / 1024 / 2, $"{ResidentKibibytes()} kB resident after freeing, {touched} kB before");
    }

    [Fact]
    public void Free_Null_DoesNothing()
    {
        NativeBytes.Free(null, 4096);
        NativeBytes.Free(null, NativeBytes.MappedThreshold);
    }

    private static long ResidentKibibytes()
    {
        var line = File.ReadLines("/proc/self/status").First(candidate => candidate.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
