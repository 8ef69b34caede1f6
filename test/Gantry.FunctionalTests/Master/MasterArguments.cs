using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Master;

/// <summary>Command lines and log parsing shared by the master's functional tests.</summary>
internal static partial class MasterArguments
{
    public static string App => Path.Combine(RepoPaths.Root, "test", "Gantry.FunctionalTests", "Master", "master_app.py");

    /// <summary>A master on 127.0.0.1:0 serving master_app.py, plus <paramref name="extra"/>.</summary>
    public static string[] With(params string[] extra) =>
        ["--http", "127.0.0.1:0", "--master", "--wsgi-file", App, "--disable-logging", .. extra];

    /// <summary>Worker id → current pid, from the spawn and respawn lines so far.</summary>
    public static Dictionary<int, int> WorkerPids(GantryProcess gantry)
    {
        var pids = new Dictionary<int, int>();
        foreach (var line in gantry.Lines)
        {
            var match = SpawnLine().Match(line.Text);
            if (match.Success)
            {
                pids[int.Parse(match.Groups[1].ValueSpan)] = int.Parse(match.Groups[2].ValueSpan);
            }
        }
        return pids;
    }

    /// <summary>True while a process with <paramref name="pid"/> exists (and is not a zombie).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var status = File.ReadAllText($"/proc/{pid}/stat");
            return !status[(status.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"(?:spawned gantry worker (\d+) \(pid (\d+)|Respawned gantry worker (?<1>\d+) \(new pid: (?<2>\d+))")]
    private static partial Regex SpawnLine();
}
