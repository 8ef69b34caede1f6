using System.Runtime.InteropServices;
using Gantry.Posix.Processes;

namespace Gantry.Posix.Tests.Processes;

public sealed unsafe class NativeStringVectorTests
{
    [Fact]
    public void Constructor_Strings_CopiesEachAsUtf8AndEndsWithNull()
    {
        using var vector = new NativeStringVector(["/bin/sh", "-c", "échec"]);

        Assert.Equal("/bin/sh", Marshal.PtrToStringUTF8((nint)vector.Pointer[0]));
        Assert.Equal("-c", Marshal.PtrToStringUTF8((nint)vector.Pointer[1]));
        Assert.Equal("échec"u8.ToArray(), new ReadOnlySpan<byte>(vector.Pointer[2], 6).ToArray());
        Assert.True(vector.Pointer[3] == null);
    }

    [Fact]
    public void Dispose_Twice_FreesOnceAndClearsThePointer()
    {
        var vector = new NativeStringVector(Array.Empty<string>());
        Assert.True(vector.Pointer[0] == null);

        vector.Dispose();
        vector.Dispose();

        Assert.True(vector.Pointer == null);
    }

    [Fact]
    public void Constructor_Bytes_CopiedAsTheyAreAndTerminated()
    {
        // A CGI environment entry keeps the latin-1 byte the client sent (0xE9), never re-encoded as UTF-8.
        using var vector = new NativeStringVector([[(byte)'A', (byte)'=', 0xE9], []]);

        Assert.Equal(new byte[] { (byte)'A', (byte)'=', 0xE9 }, new ReadOnlySpan<byte>(vector.Pointer[0], 3).ToArray());
        Assert.Equal(0, vector.Pointer[0][3]);
        Assert.Equal(0, vector.Pointer[1][0]);
        Assert.True(vector.Pointer[2] == null);
    }
}
