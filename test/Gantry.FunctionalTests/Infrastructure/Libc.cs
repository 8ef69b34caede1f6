using System.Runtime.InteropServices;

namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>The few libc calls the harness needs that .NET does not expose.</summary>
internal static partial class Libc
{
    /// <summary>errno: no such process.</summary>
    internal const int ESRCH = 3;

    /// <summary>kill(2): sends <paramref name="signal"/> to process <paramref name="pid"/>.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);

    /// <summary>geteuid(2).</summary>
    [LibraryImport("libc", EntryPoint = "geteuid")]
    internal static partial uint GetEuid();

    /// <summary>chown(2); throws when it fails.</summary>
    internal static void Chown(string path, int uid, int gid)
    {
        if (ChownNative(path, uid, gid) != 0)
        {
            throw new IOException($"chown({path}, {uid}, {gid}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChownNative(string path, int uid, int gid);
}
