using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Gantry.Top;

/// <summary>
/// <c>gantry top ADDR</c>: a live per-worker table of a stats server (Gantry's or uWSGI's), like uwsgitop: requests,
/// requests per second, status, average response time, memory, bytes sent, respawns, harakiri, running time, last
/// spawn, and totals above. Keys: r requests (the default order), i worker id, m memory, t running time, a average
/// response time, q (or Ctrl-C) quits. Drawn with Spectre.Console's live display.
/// </summary>
public static class TopScreen
{
    private static readonly Dictionary<char, (string Name, Func<WorkerRow, long> Key, bool Descending)> Orders = new()
    {
        ['r'] = ("requests", row => row.Requests, true),
        ['i'] = ("id", row => row.Id, false),
        ['m'] = ("memory", row => row.Rss, true),
        ['t'] = ("running time", row => row.RunningMicros, true),
        ['a'] = ("avg rt", row => row.AverageMicros, true),
    };

    /// <summary>Runs until q; returns the exit code (2 on a bad command line).</summary>
    public static int Run(IReadOnlyList<string> arguments)
    {
        var frequency = TimeSpan.FromSeconds(1);
        string? address = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] is "-f" or "--frequency" && i + 1 < arguments.Count && double.TryParse(arguments[i + 1], CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
            {
                frequency = TimeSpan.FromSeconds(seconds);
                i++;
            }
            else if (address is null && !arguments[i].StartsWith('-'))
            {
                address = arguments[i];
            }
            else
            {
                Console.Error.WriteLine($"gantry top: unexpected argument '{arguments[i]}'");
                address = null;
                break;
            }
        }
        if (address is null)
        {
            Console.Error.WriteLine("usage: gantry top [--frequency SECONDS] ADDRESS   (host:port, /path.sock, @name or http://host:port/ of a --stats server)");
            return 2;
        }
        var source = new StatsSource(address);
        var order = 'r';
        var previous = new Dictionary<long, long>();
        var previousTime = DateTime.UtcNow;
        AnsiConsole.Live(new Text("reading " + address + " …")).AutoClear(false).Start(context =>
        {
            while (true)
            {
                IRenderable screen;
                try
                {
                    var snapshot = StatsSnapshot.Parse(source.ReadAsync(CancellationToken.None).GetAwaiter().GetResult());
                    var now = DateTime.UtcNow;
                    var seconds = Math.Max(0.001, (now - previousTime).TotalSeconds);
                    var rates = snapshot.Workers.ToDictionary(row => row.Id,
                        row => previous.TryGetValue(row.Id, out var before) && row.Requests >= before ? (row.Requests - before) / seconds : 0);
                    previous = snapshot.Workers.ToDictionary(row => row.Id, row => row.Requests);
                    previousTime = now;
                    screen = Render(address, snapshot, rates, order);
                }
                catch (Exception failure) when (failure is IOException or System.Net.Sockets.SocketException or HttpRequestException
                    or System.Text.Json.JsonException or OperationCanceledException or ArgumentException)
                {
                    screen = new Markup($"[red]cannot read stats from {Markup.Escape(address)}: {Markup.Escape(failure.Message)}[/] (retrying; q quits)");
                }
                context.UpdateTarget(screen);
                if (WaitForKey(frequency) is { } key)
                {
                    if (key is 'q' or 'Q')
                    {
                        return;
                    }
                    if (Orders.ContainsKey(char.ToLowerInvariant(key)))
                    {
                        order = char.ToLowerInvariant(key);
                    }
                }
            }
        });
        return 0;
    }

    /// <summary>The whole screen for one document.</summary>
    /// <summary>The time as uwsgitop shows it, Python's time.ctime(): the day padded with a space ("Mon Dec  7 05:12:00 2026").</summary>
    public static string CTime(DateTime time) =>
        time.ToString("ddd MMM ", CultureInfo.InvariantCulture) + time.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
        + time.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);

    public static IRenderable Render(string address, StatsSnapshot stats, IReadOnlyDictionary<long, double> rates, char order)
    {
        var total = stats.Workers.Sum(row => row.Requests);
        var header = new Markup(
            $"[bold]gantry top[/] - {Markup.Escape(stats.Version)} - {CTime(DateTime.Now)} - req: {total} - RPS: {rates.Values.Sum():0} - lq: {stats.ListenQueue} - tx: {Size(stats.Workers.Sum(row => row.Tx))}\n" +
            $"node: {Markup.Escape(address)} - cwd: {Markup.Escape(stats.Cwd)} - uid: {stats.Uid} - gid: {stats.Gid} - masterpid: {stats.MasterPid} - sorted by {Orders[order].Name} (r i m t a, q quits)");
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in (string[])["WID", "%", "PID", "REQ", "RPS", "EXC", "STATUS", "AVG", "RSS", "VSZ", "TX", "ReSpwn", "HC", "RunT", "LastSpwn"])
        {
            table.AddColumn(new TableColumn(column).RightAligned());
        }
        var (_, key, descending) = Orders[order];
        var rows = descending ? stats.Workers.OrderByDescending(key).ThenBy(row => row.Id) : stats.Workers.OrderBy(key);
        foreach (var row in rows)
        {
            var status = row.Status switch
            {
                "busy" => "[green]busy[/]",
                "cheap" => "[magenta]cheap[/]",
                "pause" => "[blue]pause[/]",
                var other when other.StartsWith("sig", StringComparison.Ordinal) => $"[yellow]{Markup.Escape(other)}[/]",
                var other => Markup.Escape(other),
            };
            table.AddRow(
                row.Id.ToString(CultureInfo.InvariantCulture),
                total == 0 ? "0.0" : (100.0 * row.Requests / total).ToString("0.0", CultureInfo.InvariantCulture),
                row.Pid.ToString(CultureInfo.InvariantCulture),
                row.Requests.ToString(CultureInfo.InvariantCulture),
                rates.GetValueOrDefault(row.Id).ToString("0", CultureInfo.InvariantCulture),
                row.Exceptions.ToString(CultureInfo.InvariantCulture),
                status,
                $"{row.AverageMicros / 1000}ms",
                Size(row.Rss),
                Size(row.Vsz),
                Size(row.Tx),
                row.Respawns.ToString(CultureInfo.InvariantCulture),
                row.Harakiri.ToString(CultureInfo.InvariantCulture),
                (row.RunningMicros / 1000).ToString(CultureInfo.InvariantCulture),
                row.LastSpawn == 0 ? "-" : DateTimeOffset.FromUnixTimeSeconds(row.LastSpawn).ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        }
        return new Rows(header, table);
    }

    /// <summary>Bytes as uwsgitop shows them (B, K, M, G).</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0G", CultureInfo.InvariantCulture),
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0M", CultureInfo.InvariantCulture),
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.0K", CultureInfo.InvariantCulture),
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };

    private static char? WaitForKey(TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        do
        {
            if (!Console.IsInputRedirected && Console.KeyAvailable)
            {
                return Console.ReadKey(intercept: true).KeyChar;
            }
            Thread.Sleep(50);
        }
        while (DateTime.UtcNow < deadline);
        return null;
    }
}
