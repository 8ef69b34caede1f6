using System.Globalization;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;
using Gantry.Supervisor.Configuration;

namespace Gantry.Supervisor.Processes;

/// <summary>
/// The first moments of every supervised child, in Gantry's own binary (<c>gantry supervise --spawn-child …</c>),
/// because posix_spawn cannot do them: the parent-death signal (SIGKILL when the supervisor's loop thread ends, so a
/// crashed or killed supervisor leaves no orphan; set again after the user switch, which clears it, and checked
/// against the parent's pid to close the race with an early death), chdir with supervisord's error text, umask,
/// the user switch (initgroups, setgid, setuid), then execv of the program with the environment it was given.
/// </summary>
internal static unsafe class SpawnTrampoline
{
    public const string Flag = "--spawn-child";

    public static List<string> Arguments(int parentPid, ProcessConfig config, string filename, IReadOnlyList<string> argv) =>
    [
        "supervise", Flag, parentPid.ToString(CultureInfo.InvariantCulture), config.User ?? "",
        config.Umask is { } umask ? umask.ToString(CultureInfo.InvariantCulture) : "", config.Directory ?? "", filename, "--", .. argv,
    ];

    /// <summary>Runs in the child; never returns on success.</summary>
    public static int Run(string[] args)
    {
        // supervise --spawn-child PPID USER UMASK DIRECTORY FILENAME -- ARGV...
        if (args.Length < 8 || args[7] != "--")
        {
            Console.Error.WriteLine("gantry supervise --spawn-child: internal use only");
            return 2;
        }
        var parent = int.Parse(args[2], CultureInfo.InvariantCulture);
        var (user, umask, directory, filename) = (args[3], args[4], args[5], args[6]);
        LibC.prctl(LibC.PR_SET_PDEATHSIG, SignalNumbers.SIGKILL, 0, 0, 0);
        if (LibC.getppid() != parent)
        {
            return 1;
        }
        if (directory.Length > 0)
        {
            try
            {
                Directory.SetCurrentDirectory(directory);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"couldn't chdir to {directory}: {exception.Message}");
                return 127;
            }
        }
        if (umask.Length > 0)
        {
            LibC.umask(uint.Parse(umask, CultureInfo.InvariantCulture));
        }
        if (user.Length > 0)
        {
            if (!ProcessPrivileges.IsRoot)
            {
                // supervisord's set_uid: a non-root supervisor cannot switch users.
                var current = Environment.UserName;
                if (current != user)
                {
                    Console.Error.WriteLine($"Error: Can't drop privilege as nonroot user");
                    return 127;
                }
            }
            else if (ProcessPrivileges.Drop(user, null) is { } error)
            {
                Console.Error.WriteLine($"Error: {error}");
                return 127;
            }
            LibC.prctl(LibC.PR_SET_PDEATHSIG, SignalNumbers.SIGKILL, 0, 0, 0);
            if (LibC.getppid() != parent)
            {
                return 1;
            }
        }
        ResetSignals();
        using var argv = new NativeStringVector(args[8..]);
        var path = System.Text.Encoding.UTF8.GetBytes(filename + "\0");
        fixed (byte* file = path)
        {
            LibC.execv(file, argv.Pointer);
        }
        Console.Error.WriteLine($"couldn't exec {filename}: errno {LibC.Errno}");
        return 127;
    }

    /// <summary>
    /// The .NET runtime of this trampoline ignores SIGPIPE and handles others; an ignored disposition survives execve,
    /// so every signal goes back to its default and none stays blocked, as in a child of supervisord.
    /// </summary>
    private static void ResetSignals()
    {
        var defaults = stackalloc byte[LibC.SigactionSize];
        new Span<byte>(defaults, LibC.SigactionSize).Clear();
        for (var signal = 1; signal < 32; signal++)
        {
            if (signal is not (SignalNumbers.SIGKILL or 19))
            {
                LibC.sigaction(signal, defaults, null);
            }
        }
        var all = stackalloc byte[LibC.SignalSetSize];
        LibC.sigfillset(all);
        LibC.pthread_sigmask(LibC.SIG_UNBLOCK, all, null);
    }
}
