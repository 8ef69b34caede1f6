using System.Globalization;
using System.Text;
using Gantry.Master.Scoreboard;
using Gantry.Posix.Processes;

namespace Gantry.Master.Stats;

/// <summary>
/// The Prometheus text exposition (format 0.0.4) of the scoreboard, written at scrape time: requests by front and
/// status class, a response-time histogram, requests in flight, worker states, respawns by reason, harakiri kills,
/// listen queues and resident memory, each labelled by worker id. Hand-written rather than through prometheus-net:
/// every value lives in shared memory that worker processes write, and a client library's model (metrics registered
/// and updated inside the process that serves them) would mean copying each scoreboard field into its registry on
/// every scrape; the format itself is a few lines of text (see ARCHITECTURE.md).
/// Counters of a worker start again from 0 when its process is replaced (Prometheus' rate() expects such resets).
/// </summary>
public sealed class MetricsDocument
{
    private static readonly string[] FrontNames = ["http", "uwsgi", "fastcgi", "https"];
    private static readonly (WorkerCounter Counter, string Reason)[] RespawnReasons =
    [
        (WorkerCounter.Died, "died"),
        (WorkerCounter.Harakiri, "harakiri"),
        (WorkerCounter.RecycledMaxRequests, "max_requests"),
        (WorkerCounter.RecycledLifetime, "max_worker_lifetime"),
        (WorkerCounter.RecycledRss, "reload_on_rss"),
        (WorkerCounter.KilledEvilRss, "evil_reload_on_rss"),
        (WorkerCounter.Reloaded, "reload"),
        (WorkerCounter.KilledNoMercy, "reload_mercy_expired"),
    ];

    private readonly WorkerScoreboard _scoreboard;
    private readonly IReadOnlyList<StatsSocket> _sockets;

    public MetricsDocument(WorkerScoreboard scoreboard, IReadOnlyList<StatsSocket> sockets)
    {
        _scoreboard = scoreboard;
        _sockets = sockets;
    }

    /// <summary>The Content-Type of the exposition.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>The exposition as it stands now.</summary>
    public string Write()
    {
        var workers = Enumerable.Range(1, _scoreboard.Workers).Select(ReadWorker).ToList();
        var text = new StringBuilder(8192);

        Family(text, "gantry_requests_total", "counter", "Responses finished, by worker, front and status class.");
        foreach (var worker in workers)
        {
            for (var front = 0; front < ScoreboardLayout.Fronts; front++)
            {
                for (var statusClass = 0; statusClass < ScoreboardLayout.StatusClasses; statusClass++)
                {
                    var count = worker.Cores.Sum(core => core.ReadStatusCount(front, statusClass));
                    if (count > 0)
                    {
                        Sample(text, "gantry_requests_total", $"worker=\"{worker.Id}\",front=\"{FrontNames[front]}\",code=\"{statusClass + 1}xx\"", count);
                    }
                }
            }
        }

        Family(text, "gantry_request_duration_seconds", "histogram", "Response time, from the start of a request to the end of its response.");
        var bounds = ScoreboardLayout.LatencyBucketsMicros;
        foreach (var worker in workers)
        {
            long cumulative = 0;
            for (var bucket = 0; bucket <= bounds.Length; bucket++)
            {
                cumulative += worker.Cores.Sum(core => core.ReadLatencyCount(bucket));
                var le = bucket < bounds.Length ? (bounds[bucket] / 1e6).ToString("0.######", CultureInfo.InvariantCulture) : "+Inf";
                Sample(text, "gantry_request_duration_seconds_bucket", $"worker=\"{worker.Id}\",le=\"{le}\"", cumulative);
            }
            Sample(text, "gantry_request_duration_seconds_sum", $"worker=\"{worker.Id}\"", worker.Snapshots.Sum(core => core.RunningMicros) / 1e6);
            Sample(text, "gantry_request_duration_seconds_count", $"worker=\"{worker.Id}\"", cumulative);
        }

        Family(text, "gantry_response_bytes_total", "counter", "Head and body bytes of finished responses, by worker.");
        foreach (var worker in workers)
        {
            Sample(text, "gantry_response_bytes_total", $"worker=\"{worker.Id}\"", worker.Cores.Sum(core => core.ReadSentBytes()));
        }

        Family(text, "gantry_application_exceptions_total", "counter", "Requests the application failed (an exception), by worker.");
        foreach (var worker in workers)
        {
            Sample(text, "gantry_application_exceptions_total", $"worker=\"{worker.Id}\"", worker.Cores.Sum(core => core.ReadExceptions()));
        }

        WriteGarbageCollections(text, workers, "gantry_python_gc_collections_total", "Python garbage collections, by worker and generation.", gc => gc.Collections);
        WriteGarbageCollections(text, workers, "gantry_python_gc_collected_total", "Objects Python's garbage collections freed, by worker and generation.", gc => gc.Collected);
        WriteGarbageCollections(text, workers, "gantry_python_gc_uncollectable_total", "Objects Python's garbage collections could not free (gc.garbage), by worker and generation.", gc => gc.Uncollectable);

        Family(text, "gantry_requests_in_flight", "gauge", "Requests the application is running now, by worker.");
        foreach (var worker in workers)
        {
            Sample(text, "gantry_requests_in_flight", $"worker=\"{worker.Id}\"", worker.Snapshots.Count(core => core.Busy));
        }

        Family(text, "gantry_workers", "gauge", "Workers by state (cheap: stopped by cheaper mode).");
        foreach (var state in (ReadOnlySpan<string>)["starting", "idle", "busy", "stopping", "cheap"])
        {
            Sample(text, "gantry_workers", $"state=\"{state}\"", workers.Count(worker => worker.State == state));
        }

        Family(text, "gantry_worker_respawns_total", "counter", "Times a worker's process was replaced, by worker and reason.");
        foreach (var worker in workers)
        {
            foreach (var (counter, reason) in RespawnReasons)
            {
                Sample(text, "gantry_worker_respawns_total", $"worker=\"{worker.Id}\",reason=\"{reason}\"", _scoreboard.Read(worker.Id, counter));
            }
        }

        Family(text, "gantry_harakiri_total", "counter", "Workers killed by harakiri, by worker.");
        foreach (var worker in workers)
        {
            Sample(text, "gantry_harakiri_total", $"worker=\"{worker.Id}\"", _scoreboard.Read(worker.Id, WorkerCounter.Harakiri));
        }

        Family(text, "gantry_worker_resident_bytes", "gauge", "Resident memory of each worker process, by worker.");
        foreach (var worker in workers)
        {
            Sample(text, "gantry_worker_resident_bytes", $"worker=\"{worker.Id}\"", worker.ResidentBytes);
        }

        Family(text, "gantry_listen_queue", "gauge", "Connections waiting in each listening socket's accept queue (TCP only).");
        foreach (var socket in _sockets)
        {
            Sample(text, "gantry_listen_queue", $"socket=\"{Escape(socket.Name)}\",proto=\"{socket.Protocol}\"", ListenQueue.Length(socket));
        }
        Family(text, "gantry_listen_queue_max", "gauge", "The backlog each listening socket was opened with (--listen).");
        foreach (var socket in _sockets)
        {
            Sample(text, "gantry_listen_queue_max", $"socket=\"{Escape(socket.Name)}\",proto=\"{socket.Protocol}\"", socket.MaxQueue);
        }
        return text.ToString();
    }

    private void WriteGarbageCollections(StringBuilder text, List<WorkerView> workers, string name, string help,
        Func<(long Collections, long Collected, long Uncollectable), long> value)
    {
        Family(text, name, "counter", help);
        foreach (var worker in workers.Where(worker => worker.Record >= 0))
        {
            for (var generation = 0; generation < ScoreboardLayout.GarbageGenerations; generation++)
            {
                Sample(text, name, $"worker=\"{worker.Id}\",generation=\"{generation}\"", value(_scoreboard.ReadGarbageCollections(worker.Record, generation)));
            }
        }
    }

    private WorkerView ReadWorker(int id)
    {
        if (!_scoreboard.TryGetRunningRecord(id, out var record))
        {
            return new WorkerView(id, "cheap", -1, [], [], 0);
        }
        var cores = Enumerable.Range(0, _scoreboard.Cores).Select(core => _scoreboard.Core(record, core)).ToArray();
        var snapshots = cores.Select(core => core.Read()).ToArray();
        var state = _scoreboard.ReadRecord(record).State switch
        {
            ProcessState.Starting => "starting",
            ProcessState.Stopping => "stopping",
            _ when snapshots.Any(core => core.Busy) => "busy",
            _ => "idle",
        };
        return new WorkerView(id, state, record, cores, snapshots, ProcessMemory.ResidentBytes(_scoreboard.WorkerPid(id)));
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append('{').Append(labels).Append("} ").Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');

    /// <summary>A label value: backslash, double quote and line feed escaped (exposition format).</summary>
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed record WorkerView(int Id, string State, int Record, ScoreboardCore[] Cores, CoreSnapshot[] Snapshots, long ResidentBytes);
}
