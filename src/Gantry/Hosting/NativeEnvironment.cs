using System.Runtime.InteropServices;

namespace Gantry.Hosting;

/// <summary>
/// Sets variables in the process's C environment. Environment.SetEnvironmentVariable only changes .NET's
/// own copy on Unix, and the embedded Python reads the C environ (os.environ) at start-up.
/// </summary>
internal static partial class NativeEnvironment
{
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);

    public static void Set(string name, string value)
    {
        SetEnv(name, value, 1);
        Environment.SetEnvironmentVariable(name, value);
    }
}
