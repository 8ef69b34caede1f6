using System.Buffers;
using System.Text.Json;
using Gantry.Master.Scoreboard;
using Gantry.Master.Stats;

namespace Gantry.Master.Tests.Stats;

public sealed class StatsDocumentTests
{
    private static readonly StatsSettings Settings = new() { Address = "127.0.0.1:0", Version = "9.9.9" };

    [Fact]
    public void Workers_FromTheScoreboard_WithUwsgiUnits()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 2, cores: 2);
        scoreboard.ResetRecord(0, workerId: 1, spawnedMicros: 1_700_000_000_500_000);
        scoreboard.SetRecordPid(0, Environment.ProcessId);
        scoreboard.SetWorker(1, record: 0, pid: Environment.ProcessId, spawnedMicros: 1_700_000_000_500_000);
        scoreboard.SetState(0, ProcessState.Ready);
        scoreboard.Increment(1, WorkerCounter.Respawns);
        scoreboard.Increment(1, WorkerCounter.Harakiri);
        var core = scoreboard.Core(0, 1);
        core.Begin(1_000_000, "10.0.0.1"u8, "GET"u8, "/a"u8);
        core.Finish(1_300_000);
        scoreboard.CountRequest(0);
        core.Begin(2_000_000, "10.0.0.2"u8, "POST"u8, "/b?x=1"u8);

        var root = Write(new StatsDocument(scoreboard, [new StatsSocket("127.0.0.1:8000", "http", -1, 100, IsTcp: false)], Settings));
        var workers = root.GetProperty("workers");
        var first = workers[0];
        var second = workers[1];

        Assert.Equal("9.9.9", root.GetProperty("version").GetString());
        Assert.Equal((1, Environment.ProcessId, 1L), (first.GetProperty("id").GetInt32(), first.GetProperty("pid").GetInt32(), first.GetProperty("requests").GetInt64()));
        Assert.Equal("busy", first.GetProperty("status").GetString());
        Assert.Equal(1_700_000_000, first.GetProperty("last_spawn").GetInt64());
        Assert.Equal(2, first.GetProperty("respawn_count").GetInt64());
        Assert.Equal(1, first.GetProperty("harakiri_count").GetInt64());
        Assert.Equal(300_000, first.GetProperty("running_time").GetInt64());
        Assert.Equal(150_000, first.GetProperty("avg_rt").GetInt64());
        Assert.True(first.GetProperty("rss").GetInt64() > 0);
        var busyCore = first.GetProperty("cores")[1];
        Assert.Equal(1, busyCore.GetProperty("in_request").GetInt32());
        Assert.Equal(["REMOTE_ADDR=10.0.0.2", "REQUEST_METHOD=POST", "REQUEST_URI=/b?x=1", ""],
            busyCore.GetProperty("vars").EnumerateArray().Select(value => value.GetString()!));
        Assert.Equal(2, busyCore.GetProperty("req_info").GetProperty("request_start").GetInt64());
        Assert.Equal(("cheap", 0), (second.GetProperty("status").GetString(), second.GetProperty("pid").GetInt32()));
        Assert.Equal(0, root.GetProperty("sockets")[0].GetProperty("queue").GetInt64());
    }

    [Fact]
    public void DeltaRequests_CountFromThePreviousDocument()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        scoreboard.ResetRecord(0, workerId: 1, spawnedMicros: 1);
        scoreboard.SetWorker(1, record: 0, pid: Environment.ProcessId, spawnedMicros: 1);
        var document = new StatsDocument(scoreboard, [], Settings);
        scoreboard.CountRequest(0);
        scoreboard.CountRequest(0);

        var first = Write(document).GetProperty("workers")[0].GetProperty("delta_requests").GetInt64();
        scoreboard.CountRequest(0);
        var second = Write(document).GetProperty("workers")[0].GetProperty("delta_requests").GetInt64();

        Assert.Equal((2, 1), (first, second));
    }

    [Fact]
    public void MinifiedAndNoCores_ShapeTheDocument()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var output = new ArrayBufferWriter<byte>();

        new StatsDocument(scoreboard, [], Settings with { Minified = true, NoCores = true }).Write(output);

        var text = System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.DoesNotContain("\n", text);
        Assert.DoesNotContain("\"cores\"", text);
        Assert.StartsWith("{\"version\":\"9.9.9\",\"listen_queue\":0,", text);
    }

    private static JsonElement Write(StatsDocument document)
    {
        var output = new ArrayBufferWriter<byte>();
        document.Write(output);
        return JsonDocument.Parse(output.WrittenMemory).RootElement.Clone();
    }
}
