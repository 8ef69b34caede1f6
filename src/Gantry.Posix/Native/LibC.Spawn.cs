using System.Runtime.InteropServices;

namespace Gantry.Posix.Native;

/// <summary>
/// The posix_spawn family (spawn.h), used only by <see cref="Processes.ProcessSpawner"/>. .NET cannot fork and
/// Process.Start cannot place chosen descriptors, so children are started with posix_spawn: glibc uses
/// clone(CLONE_VM|CLONE_VFORK), safe in a threaded process, and reports a failed exec as posix_spawn's result.
/// The posix_spawn_* calls return an error number instead of setting errno.
/// </summary>
public static unsafe partial class LibC
{
    /// <summary>posix_spawnattr flags (spawn.h): reset dispositions, set the mask, start a new process group or a new session (glibc 2.26+).</summary>
    public const short POSIX_SPAWN_SETPGROUP = 0x02;
    public const short POSIX_SPAWN_SETSIGDEF = 0x04;
    public const short POSIX_SPAWN_SETSIGMASK = 0x08;
    public const short POSIX_SPAWN_SETSID = 0x80;

    /// <summary>Generous sizes for glibc's opaque spawn structures (80 and 336 bytes on x86-64).</summary>
    public const int SpawnFileActionsSize = 256;
    public const int SpawnAttributesSize = 1024;

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_adddup2(void* actions, int fd, int newFd);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, string path, int flags, int mode);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int posix_spawn_file_actions_addchdir_np(void* actions, string path);

    /// <summary>Closes every descriptor from <paramref name="lowest"/> up in the child (glibc 2.34+).</summary>
    [LibraryImport(Library)]
    public static partial int posix_spawn_file_actions_addclosefrom_np(void* actions, int lowest);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_init(void* attributes);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_destroy(void* attributes);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setflags(void* attributes, short flags);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setsigmask(void* attributes, void* signals);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setsigdefault(void* attributes, void* signals);

    [LibraryImport(Library)]
    public static partial int posix_spawnattr_setpgroup(void* attributes, int processGroup);

    [LibraryImport(Library)]
    public static partial int posix_spawn(int* pid, byte* path, void* actions, void* attributes, byte** argv, byte** envp);
}
