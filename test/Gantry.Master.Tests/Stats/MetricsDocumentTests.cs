using Gantry.Master.Scoreboard;
using Gantry.Master.Stats;

namespace Gantry.Master.Tests.Stats;

public sealed class MetricsDocumentTests
{
    [Fact]
    public void Write_CountsByFrontAndClass_CumulativeBuckets()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 2, cores: 1);
        scoreboard.ResetRecord(0, workerId: 1, spawnedMicros: 1);
        scoreboard.SetWorker(1, record: 0, pid: Environment.ProcessId, spawnedMicros: 1);
        scoreboard.SetState(0, ProcessState.Ready);
        var core = scoreboard.Core(0, 0);
        foreach (var (status, micros) in new[] { (200, 500L), (200, 3_000L), (404, 20_000_000L) })
        {
            core.Begin(1_000_000, "a"u8, "GET"u8, "/"u8);
            core.Finish(1_000_000 + micros);
            core.CountResponse((int)Application.RequestFront.Uwsgi, status, 100, applicationFailed: micros > 10_000_000);
        }
        scoreboard.Increment(1, WorkerCounter.Died);
        scoreboard.CountGarbageCollection(0, generation: 2, collected: 10, uncollectable: 1);
        scoreboard.CountGarbageCollection(0, generation: 2, collected: 5, uncollectable: 0);

        var lines = new MetricsDocument(scoreboard, [new StatsSocket("/run/x.sock", "uwsgi", -1, 100, IsTcp: false)]).Write().Split('\n');

        Assert.Contains("gantry_requests_total{worker=\"1\",front=\"uwsgi\",code=\"2xx\"} 2", lines);
        Assert.Contains("gantry_requests_total{worker=\"1\",front=\"uwsgi\",code=\"4xx\"} 1", lines);
        Assert.Contains("gantry_request_duration_seconds_bucket{worker=\"1\",le=\"0.001\"} 1", lines);
        Assert.Contains("gantry_request_duration_seconds_bucket{worker=\"1\",le=\"0.005\"} 2", lines);
        Assert.Contains("gantry_request_duration_seconds_bucket{worker=\"1\",le=\"10\"} 2", lines);
        Assert.Contains("gantry_request_duration_seconds_bucket{worker=\"1\",le=\"+Inf\"} 3", lines);
        Assert.Contains("gantry_request_duration_seconds_count{worker=\"1\"} 3", lines);
        Assert.Contains("gantry_response_bytes_total{worker=\"1\"} 300", lines);
        Assert.Contains("gantry_application_exceptions_total{worker=\"1\"} 1", lines);
        Assert.Contains("gantry_python_gc_collections_total{worker=\"1\",generation=\"2\"} 2", lines);
        Assert.Contains("gantry_python_gc_collected_total{worker=\"1\",generation=\"2\"} 15", lines);
        Assert.Contains("gantry_python_gc_uncollectable_total{worker=\"1\",generation=\"2\"} 1", lines);
        Assert.Contains("gantry_python_gc_collections_total{worker=\"1\",generation=\"0\"} 0", lines);
        Assert.Contains("gantry_workers{state=\"idle\"} 1", lines);
        Assert.Contains("gantry_workers{state=\"cheap\"} 1", lines);
        Assert.Contains("gantry_worker_respawns_total{worker=\"1\",reason=\"died\"} 1", lines);
        Assert.Contains("gantry_listen_queue_max{socket=\"/run/x.sock\",proto=\"uwsgi\"} 100", lines);
        Assert.All(lines.Where(line => line.Length > 0 && !line.StartsWith('#')), line => Assert.Matches(@"^[a-z_]+\{[^}]*\} [0-9.e+-]+$", line));
    }

    [Fact]
    public void CoreCounters_FitTheSlot_OneLongPerLatencyBucket()
    {
        Assert.Equal(ScoreboardLayout.LatencyBuckets, ScoreboardLayout.LatencyBucketsMicros.Length + 1);
        Assert.True(ScoreboardLayout.CoreCountersEnd <= ScoreboardLayout.CoreSize,
            $"the core counters end at {ScoreboardLayout.CoreCountersEnd}, past the {ScoreboardLayout.CoreSize}-byte slot");
    }
}
