using System.Diagnostics;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;

namespace Gantry.Supervisor;

/// <summary>
/// supervisord's default (nodaemon=false): the supervisor goes to the background. Gantry cannot fork, so it starts
/// itself again with <c>-n</c> in a new session, stdin/stdout/stderr on /dev/null (the main log has everything), and
/// this process waits until the daemon wrote its pid file (its configuration checked, its control socket bound) or
/// died, so a start-up failure still reaches the terminal as an exit code.
/// </summary>
internal static class SupervisorDaemon
{
    public static int Start(string[] args, string pidfile)
    {
        try
        {
            File.Delete(pidfile);
        }
        catch (IOException)
        {
        }
        var self = Environment.ProcessPath ?? "/proc/self/exe";
        var environment = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment.Add($"{entry.Key}={entry.Value}");
        }
        var request = new ProcessSpawnRequest(self, [.. args, "-n", "--silent-daemon"], environment)
        {
            NewSession = true,
            Opens =
            [
                new DescriptorOpen(0, "/dev/null", LibC.O_RDONLY),
                new DescriptorOpen(1, "/dev/null", LibC.O_WRONLY),
                new DescriptorOpen(2, "/dev/null", LibC.O_WRONLY),
            ],
            CloseOtherDescriptors = true,
        };
        var pid = ProcessSpawner.Spawn(request);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (File.Exists(pidfile) && ControlSocketReady(pidfile))
            {
                return 0;
            }
            if (Exited(pid, out var code))
            {
                Console.Error.WriteLine($"Error: the supervisor daemon exited with {code} at start-up; see its logfile");
                return code == 0 ? 1 : code;
            }
            Thread.Sleep(50);
        }
        Console.Error.WriteLine($"Error: the supervisor daemon (pid {pid}) did not write {pidfile} within 30 s");
        return 1;
    }

    private static bool ControlSocketReady(string pidfile) => new FileInfo(pidfile).Length > 0;

    private static unsafe bool Exited(int pid, out int code)
    {
        int status;
        if (LibC.waitpid(pid, &status, LibC.WNOHANG) == pid)
        {
            code = new WaitStatus(status).ShellCode;
            return true;
        }
        code = 0;
        return false;
    }
}
