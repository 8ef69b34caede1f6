using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>Users and groups: who this process is, looking names up, and switching identity after binding.</summary>
public static unsafe partial class LibC
{
    /// <summary>struct passwd (LP64): pw_name, pw_passwd (pointers), then pw_uid at 16 and pw_gid at 20.</summary>
    public const int PasswdUidOffset = 16;
    public const int PasswdGidOffset = 20;

    /// <summary>struct group (LP64): gr_name, gr_passwd (pointers), then gr_gid at 16.</summary>
    public const int GroupGidOffset = 16;

    [LibraryImport(Library)]
    public static partial uint getuid();

    [LibraryImport(Library)]
    public static partial uint getgid();

    [LibraryImport(Library)]
    public static partial uint geteuid();

    [LibraryImport(Library, SetLastError = true)]
    public static partial int setuid(uint uid);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int setgid(uint gid);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int setgroups(nint size, uint* groups);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int initgroups(string user, uint group);

    /// <summary>getpwnam(3): a struct passwd in static storage (see <see cref="PasswdUidOffset"/>), or null.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial byte* getpwnam(string name);

    /// <summary>getgrnam(3): a struct group in static storage (see <see cref="GroupGidOffset"/>), or null.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial byte* getgrnam(string name);
}
