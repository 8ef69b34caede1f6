using Gantry.Posix.Native;

namespace Gantry.Posix.Processes;

/// <summary>
/// Changes a variable in both environments of the process: the C library's (environ, which children spawned with it,
/// an execve of this image and the embedded Python's os.environ read) and .NET's own copy, which
/// Environment.SetEnvironmentVariable alone changes on Unix.
/// </summary>
public static class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/>, replacing any value.</summary>
    public static void Set(string name, string value)
    {
        LibC.setenv(name, value, 1);
        Environment.SetEnvironmentVariable(name, value);
    }

    /// <summary>Removes <paramref name="name"/>; nothing happens when it is not set.</summary>
    public static void Remove(string name)
    {
        LibC.unsetenv(name);
        Environment.SetEnvironmentVariable(name, null);
    }
}
