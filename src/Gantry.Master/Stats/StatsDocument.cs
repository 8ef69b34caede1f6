using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Gantry.Master.Scoreboard;
using Gantry.Posix.Processes;
using Gantry.Posix.Native;

namespace Gantry.Master.Stats;

/// <summary>
/// The stats document uWSGI 2.0's master writes (core/master_utils.c, uwsgi_master_generate_stats), with the same keys
/// in the same order and every number an integer, so uwsgitop, uwsgi_exporter and scripts that read uWSGI's stats read
/// Gantry's unchanged. Values come from the shared scoreboard, in uWSGI's units: running_time and avg_rt in µs,
/// last_spawn in epoch seconds, rss, vsz and tx in bytes (rss and vsz read from /proc for each document, where uWSGI
/// sends 0 without --memory-report). A key Gantry has nothing behind holds what uWSGI sends when
/// the feature is unused (signals, locks); exceptions are the requests the application failed (an app's per-mount
/// count only with a single app). uWSGI's newer uss and
/// pss keys are left out, as 2.0.21 (Debian's) leaves them out.
/// </summary>
public sealed unsafe class StatsDocument
{
    private readonly WorkerScoreboard _scoreboard;
    private readonly IReadOnlyList<StatsSocket> _sockets;
    private readonly StatsSettings _settings;
    private readonly long[] _lastRequests;

    public StatsDocument(WorkerScoreboard scoreboard, IReadOnlyList<StatsSocket> sockets, StatsSettings settings)
    {
        _scoreboard = scoreboard;
        _sockets = sockets;
        _settings = settings;
        _lastRequests = new long[scoreboard.Workers + 1];
    }

    /// <summary>Writes the document as it stands now (delta_requests counts from the previous document).</summary>
    public void Write(IBufferWriter<byte> output) => Write(output, _settings.Minified, countsDelta: true);

    /// <summary>
    /// Writes the document; <paramref name="countsDelta"/> false leaves delta_requests' reference alone (the dashboard's
    /// stream must not change what the next stats client sees).
    /// </summary>
    public void Write(IBufferWriter<byte> output, bool minified, bool countsDelta)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions
        {
            Indented = !minified,
            IndentCharacter = '\t',
            IndentSize = 1,
        });
        var queues = _sockets.Select(ListenQueue.Length).ToArray();
        var deepest = queues.Length == 0 ? 0 : queues.Max();
        json.WriteStartObject();
        json.WriteString("version", _settings.Version);
        json.WriteNumber("listen_queue", deepest);
        json.WriteNumber("listen_queue_errors", 0);
        json.WriteNumber("signal_queue", 0);
        // uWSGI's load is the deepest listen queue too (master.c: "TODO load should be something more advanced").
        json.WriteNumber("load", deepest);
        json.WriteNumber("pid", Environment.ProcessId);
        json.WriteNumber("uid", LibC.getuid());
        json.WriteNumber("gid", LibC.getgid());
        json.WriteString("cwd", Environment.CurrentDirectory);
        json.WriteStartArray("locks");
        foreach (var name in (ReadOnlySpan<string>)["user 0", "signal", "filemon", "timer", "rbtimer", "cron", "rpc", "snmp"])
        {
            json.WriteStartObject();
            json.WriteNumber(name, 0);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("sockets");
        for (var i = 0; i < _sockets.Count; i++)
        {
            var socket = _sockets[i];
            json.WriteStartObject();
            json.WriteString("name", socket.Name);
            json.WriteString("proto", socket.Protocol);
            json.WriteNumber("queue", queues[i]);
            json.WriteNumber("max_queue", socket.MaxQueue);
            json.WriteNumber("shared", 0);
            json.WriteNumber("can_offload", 0);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("workers");
        for (var id = 1; id <= _scoreboard.Workers; id++)
        {
            WriteWorker(json, id, countsDelta);
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private void WriteWorker(Utf8JsonWriter json, int id, bool countsDelta)
    {
        var pid = _scoreboard.WorkerPid(id);
        var running = _scoreboard.TryGetRunningRecord(id, out var recordIndex);
        var record = running ? _scoreboard.ReadRecord(recordIndex) : default;
        var cores = new CoreSnapshot[_scoreboard.Cores];
        long runningMicros = 0, averageSum = 0, sentBytes = 0, exceptions = 0;
        var averaged = 0;
        var busy = false;
        for (var core = 0; core < cores.Length; core++)
        {
            cores[core] = running ? _scoreboard.Core(recordIndex, core).Read() : default;
            sentBytes += running ? _scoreboard.Core(recordIndex, core).ReadSentBytes() : 0;
            exceptions += running ? _scoreboard.Core(recordIndex, core).ReadExceptions() : 0;
            runningMicros += cores[core].RunningMicros;
            busy |= cores[core].Busy;
            if (cores[core].Requests > 0)
            {
                averageSum += cores[core].AverageMicros;
                averaged++;
            }
        }
        var requests = record.Requests;
        var delta = Math.Max(0, requests - _lastRequests[id]);
        if (countsDelta)
        {
            _lastRequests[id] = requests;
        }

        json.WriteStartObject();
        json.WriteNumber("id", id);
        json.WriteNumber("pid", pid);
        json.WriteNumber("accepting", record.State == ProcessState.Ready ? 1 : 0);
        json.WriteNumber("requests", requests);
        json.WriteNumber("delta_requests", delta);
        json.WriteNumber("exceptions", exceptions);
        json.WriteNumber("harakiri_count", _scoreboard.Read(id, WorkerCounter.Harakiri));
        json.WriteNumber("signals", 0);
        json.WriteNumber("signal_queue", 0);
        // A worker cheaper mode stopped has no process ("cheap"); uWSGI's "pause" and "sig<N>" have no Gantry cause.
        json.WriteString("status", !running ? "cheap" : busy ? "busy" : "idle");
        // Read now from /proc (uWSGI fills these only with --memory-report, else sends 0).
        var (virtualBytes, residentBytes) = running ? ProcessMemory.Sizes(pid) : (0, 0);
        json.WriteNumber("rss", residentBytes);
        json.WriteNumber("vsz", virtualBytes);
        json.WriteNumber("running_time", runningMicros);
        json.WriteNumber("last_spawn", _scoreboard.WorkerLastSpawnMicros(id) / 1_000_000);
        // uWSGI counts the first spawn too.
        json.WriteNumber("respawn_count", _scoreboard.WorkerLastSpawnMicros(id) == 0 ? 0 : _scoreboard.Read(id, WorkerCounter.Respawns) + 1);
        json.WriteNumber("tx", sentBytes);
        json.WriteNumber("avg_rt", averaged == 0 ? 0 : averageSum / averaged);
        json.WriteStartArray("apps");
        for (var app = 0; app < _settings.Mountpoints.Count; app++)
        {
            json.WriteStartObject();
            json.WriteNumber("id", app);
            json.WriteNumber("modifier1", 0);
            json.WriteString("mountpoint", _settings.Mountpoints[app]);
            json.WriteNumber("startup_time", 0);
            json.WriteNumber("requests", _settings.Mountpoints.Count == 1 ? requests : 0);
            json.WriteNumber("exceptions", _settings.Mountpoints.Count == 1 ? exceptions : 0);
            json.WriteString("chdir", "");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (!_settings.NoCores)
        {
            json.WriteStartArray("cores");
            for (var core = 0; core < cores.Length; core++)
            {
                WriteCore(json, core, cores[core]);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteCore(Utf8JsonWriter json, int id, CoreSnapshot core)
    {
        json.WriteStartObject();
        json.WriteNumber("id", id);
        json.WriteNumber("requests", core.Requests);
        json.WriteNumber("static_requests", 0);
        json.WriteNumber("routed_requests", 0);
        json.WriteNumber("offloaded_requests", 0);
        json.WriteNumber("write_errors", 0);
        json.WriteNumber("read_errors", 0);
        json.WriteNumber("in_request", core.Busy ? 1 : 0);
        json.WriteStartArray("vars");
        if (core.Busy)
        {
            // uWSGI dumps the request's variables as KEY=VALUE, then an empty string; the scoreboard keeps three.
            var (peer, method, uri) = SplitRequest(core.Request);
            json.WriteStringValue("REMOTE_ADDR=" + peer);
            json.WriteStringValue("REQUEST_METHOD=" + method);
            json.WriteStringValue("REQUEST_URI=" + uri);
            json.WriteStringValue("");
        }
        json.WriteEndArray();
        json.WriteStartObject("req_info");
        if (core.Busy)
        {
            json.WriteNumber("request_start", core.BeganMicros / 1_000_000);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>"peer - METHOD URI" (ScoreboardCore.Begin's text) into its parts.</summary>
    private static (string Peer, string Method, string Uri) SplitRequest(string text)
    {
        var dash = text.IndexOf(" - ", StringComparison.Ordinal);
        if (dash < 0)
        {
            return ("", "", text);
        }
        var rest = text[(dash + 3)..];
        var space = rest.IndexOf(' ');
        return space < 0 ? (text[..dash], rest, "") : (text[..dash], rest[..space], rest[(space + 1)..]);
    }
}
