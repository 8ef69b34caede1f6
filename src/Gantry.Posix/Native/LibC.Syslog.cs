using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>syslog(3): the system log through /dev/log (supervisord's <c>*_syslog</c> program keys).</summary>
public static unsafe partial class LibC
{
    public const int LOG_INFO = 6;
    public const int LOG_USER = 1 << 3;

    /// <summary>openlog(3). <paramref name="ident"/> is kept by libc, not copied: it must stay allocated for good.</summary>
    [LibraryImport(Library)]
    public static partial void openlog(byte* ident, int option, int facility);

    /// <summary>syslog(3), called as <c>syslog(priority, "%s", message)</c> (the format is fixed; a variadic call with
    /// pointer arguments only, as .NET's own SystemNative_SysLog makes it).</summary>
    [LibraryImport(Library)]
    public static partial void syslog(int priority, byte* format, byte* message);
}
