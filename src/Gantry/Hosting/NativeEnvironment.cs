using Gantry.Posix.Native;

namespace Gantry.Hosting;

/// <summary>
/// Sets variables in the process's C environment. Environment.SetEnvironmentVariable only changes .NET's
/// own copy on Unix, and the embedded Python reads the C environ (os.environ) at start-up.
/// </summary>
internal static class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        LibC.setenv(name, value, 1);
        Environment.SetEnvironmentVariable(name, value);
    }
}
