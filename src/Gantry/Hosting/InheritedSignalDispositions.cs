using Gantry.Posix.Native;
using Gantry.Posix.Processes;

namespace Gantry.Hosting;

/// <summary>
/// A shell starts background jobs with SIGINT and SIGQUIT ignored, and the .NET runtime leaves a signal that
/// was ignored at start-up ignored: PosixSignalRegistration never fires for it, so Gantry could not be
/// stopped with SIGINT/SIGQUIT (uWSGI installs its handlers regardless). When either is ignored, reset it to
/// the default and re-execute this same program (same pid, same arguments) before anything else starts, so the
/// runtime installs its handlers. SIGHUP is left alone: `nohup gantry …` ignores it on purpose.
/// </summary>
internal static unsafe class InheritedSignalDispositions
{
    /// <summary>Returns only when no reset was needed (or it could not be done); otherwise the process image is replaced.</summary>
    public static void RestoreIfIgnored(string[] args)
    {
        if (!IsIgnored(SignalNumbers.SIGINT) && !IsIgnored(SignalNumbers.SIGQUIT))
        {
            return;
        }
        var defaults = stackalloc byte[LibC.SigactionSize];
        new Span<byte>(defaults, LibC.SigactionSize).Clear();
        LibC.sigaction(SignalNumbers.SIGINT, defaults, null);
        LibC.sigaction(SignalNumbers.SIGQUIT, defaults, null);
        // Under `dotnet gantry.dll` the process path is the dotnet host, which these arguments would not start.
        if (IsIgnored(SignalNumbers.SIGINT) || IsIgnored(SignalNumbers.SIGQUIT) || Environment.ProcessPath is not { } path
            || Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            return;
        }
        using var argv = new NativeStringVector([path, .. args]);
        LibC.execv(argv.Pointer[0], argv.Pointer);
        // execv returned: it failed; carry on with the signals reset (the runtime still ignores them).
    }

    private static bool IsIgnored(int signal)
    {
        var current = stackalloc byte[LibC.SigactionSize];
        return LibC.sigaction(signal, null, current) == 0 && *(nint*)current == LibC.SIG_IGN;
    }
}
