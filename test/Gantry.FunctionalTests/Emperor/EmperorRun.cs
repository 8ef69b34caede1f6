using System.Net.Sockets;
using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Master;

namespace Gantry.FunctionalTests.Emperor;

/// <summary>
/// A gantry emperor over a temporary vassal directory, scanning each second, with its stats server on a free port.
/// Vassals inherit the emperor's stderr, so their lines are in its output too.
/// </summary>
internal sealed class EmperorRun : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private EmperorRun(TemporaryDirectory directory, GantryProcess process, int statsPort)
    {
        Directory = directory;
        Process = process;
        StatsPort = statsPort;
    }

    public TemporaryDirectory Directory { get; }

    public string VassalDirectory => Directory.Combine("vassals");

    public GantryProcess Process { get; }

    public int StatsPort { get; }

    /// <summary>Creates the directory (with <paramref name="prepare"/> writing first vassals) and starts the emperor.</summary>
    public static EmperorRun Start(Action<EmperorRun>? prepare = null, params string[] extra)
    {
        var directory = RepoPaths.CreateTemporaryDirectory("emperor");
        System.IO.Directory.CreateDirectory(directory.Combine("vassals"));
        File.Copy(MasterArguments.App, directory.Combine("app.py"));
        var statsPort = FreePort.Allocate();
        var process = GantryProcess.Start(
            ["--emperor", directory.Combine("vassals"), "--emperor-freq", "1", "--emperor-stats", $"127.0.0.1:{statsPort}", .. extra],
            workingDirectory: directory.Path);
        var run = new EmperorRun(directory, process, statsPort);
        prepare?.Invoke(run);
        return run;
    }

    /// <summary>Starts an emperor with a master vassal a.ini and a single-process vassal b.ini, and waits until both accept.</summary>
    public static async Task<EmperorRun> StartTwoAcceptingAsync(params string[] extra)
    {
        var run = Start(run =>
        {
            run.WriteVassal("a.ini");
            run.WriteVassal("b.ini", master: false);
        }, extra);
        await run.WaitForAcceptingAsync("a.ini");
        await run.WaitForAcceptingAsync("b.ini");
        return run;
    }

    /// <summary>Writes a vassal ini serving app.py over HTTP on a free port (a master with two workers by default); its base URI.</summary>
    public Uri WriteVassal(string name, bool master = true, string extra = "")
    {
        var port = FreePort.Allocate();
        var body = $"[uwsgi]\nhttp = 127.0.0.1:{port}\nwsgi-file = {Directory.Combine("app.py")}\ndisable-logging = true\n"
            + (master ? "master = true\nprocesses = 2\n" : string.Empty) + extra;
        File.WriteAllText(Path.Combine(VassalDirectory, name), body);
        return new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>Waits for the emperor's "is ready to accept requests" line of <paramref name="name"/> after line <paramref name="fromLine"/>.</summary>
    public Task WaitForAcceptingAsync(string name, int fromLine = 0) =>
        Process.WaitForOutputAsync($"[emperor] vassal {name} is ready to accept requests", Wait, fromLine);

    /// <summary>The emperor's stats document.</summary>
    public Task<JsonDocument> StatsAsync() => ReadStatsAsync(StatsPort);

    /// <summary>The stats document an emperor (gantry's or uWSGI's) sends on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<JsonDocument> ReadStatsAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        using var stream = client.GetStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).WaitAsync(Wait);
        return JsonDocument.Parse(buffer.ToArray());
    }

    /// <summary>The pid the stats document shows for vassal <paramref name="name"/>, or null when it lists none.</summary>
    public async Task<int?> VassalPidAsync(string name)
    {
        using var stats = await StatsAsync();
        foreach (var vassal in stats.RootElement.GetProperty("vassals").EnumerateArray())
        {
            if (vassal.GetProperty("id").GetString() == name)
            {
                return vassal.GetProperty("pid").GetInt32();
            }
        }
        return null;
    }

    /// <summary>Polls the stats document until <paramref name="accept"/> holds (bounded by <see cref="Wait"/>).</summary>
    public async Task<int> WaitForVassalPidAsync(string name, Func<int, bool> accept)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (await VassalPidAsync(name) is { } pid && pid > 0 && accept(pid))
            {
                return pid;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"vassal {name} never showed an acceptable pid in the emperor's stats:\n{Process.Output}");
    }

    /// <summary>Every live descendant of <paramref name="root"/> (from /proc's parent pids).</summary>
    public static HashSet<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var entry in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1]);
            }
            catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }
        var found = new HashSet<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (pid, ppid) in parents)
            {
                if (ppid == parent && found.Add(pid))
                {
                    frontier.Enqueue(pid);
                }
            }
        }
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        Directory.Dispose();
    }
}
