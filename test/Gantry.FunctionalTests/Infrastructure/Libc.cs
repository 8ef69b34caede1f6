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
}
