using System.Runtime.InteropServices;
using Gantry.Posix.Processes;

namespace Gantry.Posix.Tests.Processes;

/// <summary>Both environments change: .NET's copy and the C library's (read back with getenv).</summary>
public sealed partial class NativeEnvironmentTests
{
    [Fact]
    public void Set_ThenRemove_ChangesBothEnvironments()
    {
        const string Name = "GANTRY_POSIX_TEST_VARIABLE";

        NativeEnvironment.Set(Name, "one");
        Assert.Equal("one", Environment.GetEnvironmentVariable(Name));
        Assert.Equal("one", Marshal.PtrToStringUTF8(getenv(Name)));

        NativeEnvironment.Remove(Name);
        Assert.Null(Environment.GetEnvironmentVariable(Name));
        Assert.Equal(0, getenv(Name));
    }

    // Only this test reads the C environment back; Gantry itself never calls getenv.
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getenv(string name);
}
