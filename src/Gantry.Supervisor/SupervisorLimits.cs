using Gantry.Posix.Native;
using Gantry.Supervisor.Configuration;

namespace Gantry.Supervisor;

/// <summary>
/// <c>minfds</c> and <c>minprocs</c> as supervisord's <c>set_rlimits_or_exit</c>: a soft limit below the minimum is
/// raised to it (the hard limit too when it is lower, which only root may do); when that is refused the supervisor
/// does not start, with supervisord's message.
/// </summary>
internal static unsafe class SupervisorLimits
{
    /// <summary>The limits raised ("Increased RLIMIT_NOFILE limit to 4096", for the main log), or the error.</summary>
    public static (List<string> Raised, string? Error) Raise(SupervisorConfig config)
    {
        var raised = new List<string>();
        (int Resource, string Name, int Minimum, string Message)[] limits =
        [
            (LibC.RLIMIT_NOFILE, "RLIMIT_NOFILE", config.Minfds,
                "The minimum number of file descriptors required to run this process is {0} as per the \"minfds\" command-line argument or config file setting. The current environment will only allow you to open {1} file descriptors.  Either raise the number of usable file descriptors in your environment (see README.rst) or lower the minfds setting in the config file to allow the process to start."),
            (LibC.RLIMIT_NPROC, "RLIMIT_NPROC", config.Minprocs,
                "The minimum number of available processes required to run this program is {0} as per the \"minprocs\" command-line argument or config file setting. The current environment will only allow you to open {1} processes.  Either raise the number of usable processes in your environment (see README.rst) or lower the minprocs setting in the config file to allow the program to start."),
        ];
        foreach (var (resource, name, minimum, message) in limits)
        {
            LibC.RLimit limit;
            if (LibC.getrlimit(resource, &limit) != 0 || limit.Current == LibC.RLIM_INFINITY || limit.Current >= (ulong)minimum)
            {
                continue;
            }
            var hard = limit.Maximum;
            var wanted = new LibC.RLimit { Current = (ulong)minimum, Maximum = hard != LibC.RLIM_INFINITY && hard < (ulong)minimum ? (ulong)minimum : hard };
            if (LibC.setrlimit(resource, &wanted) != 0)
            {
                return (raised, string.Format(System.Globalization.CultureInfo.InvariantCulture, message, minimum, hard));
            }
            raised.Add($"Increased {name} limit to {minimum}");
        }
        return (raised, null);
    }
}
