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
        var vector = new NativeStringVector([]);
        Assert.True(vector.Pointer[0] == null);

        vector.Dispose();
        vector.Dispose();

        Assert.True(vector.Pointer == null);
    }
}
