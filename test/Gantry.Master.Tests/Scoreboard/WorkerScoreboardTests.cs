using Gantry.Master.Scoreboard;

namespace Gantry.Master.Tests.Scoreboard;

public sealed class WorkerScoreboardTests
{
    [Fact]
    public void CreatePrivate_HasOneSpareRecordAndEmptyEntries()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 4, cores: 2);

        Assert.Equal(4, scoreboard.Workers);
        Assert.Equal(5, scoreboard.Records);
        Assert.Equal(2, scoreboard.Cores);
        Assert.Equal(Environment.ProcessId, scoreboard.MasterPid);
        Assert.Equal(-1, scoreboard.WorkerRecord(3));
        Assert.Equal(0, scoreboard.FindFreeRecord());
    }

    [Fact]
    public void ResetRecord_MarksItStartingAndClearsTheOldRequests()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        scoreboard.ResetRecord(0, workerId: 1, spawnedMicros: 10);
        scoreboard.CountRequest(0);
        scoreboard.Core(0, 0).Begin(5, "p"u8, "GET"u8, "/"u8);

        scoreboard.ResetRecord(0, workerId: 1, spawnedMicros: 20);

        var record = scoreboard.ReadRecord(0);
        Assert.Equal(ProcessState.Starting, record.State);
        Assert.Equal(0, record.Requests);
        Assert.Equal(20, record.SpawnedMicros);
        Assert.False(scoreboard.Core(0, 0).Read().Busy);
        Assert.Equal(1, scoreboard.FindFreeRecord());
    }

    [Fact]
    public void Core_BeginAndEnd_PublishTheRequestAndCountIt()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 2);
        var core = scoreboard.Core(1, 1);

        core.Begin(1_795_608_391_000_000, "127.0.0.1"u8, "GET"u8, "/slow"u8);
        var busy = core.Read();
        core.End(finished: true);
        var idle = core.Read();

        Assert.True(busy.Busy);
        Assert.Equal(1_795_608_391_000_000, busy.StartMicros);
        Assert.Equal("127.0.0.1 - GET /slow", busy.Request);
        Assert.False(idle.Busy);
        Assert.Equal(0, idle.StartMicros);
        Assert.Equal(1, idle.Requests);
        Assert.Equal("127.0.0.1 - GET /slow", idle.Request);
    }

    [Fact]
    public void Core_VeryLongUri_IsTruncatedToTheSlot()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var uri = new byte[5000];
        Array.Fill(uri, (byte)'a');

        scoreboard.Core(0, 0).Begin(1, "::1"u8, "GET"u8, uri);

        Assert.Equal(ScoreboardLayout.CoreTextCapacity, scoreboard.Core(0, 0).Read().Request.Length);
    }

    [Fact]
    public void Counters_AreKeptPerWorker()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 2, cores: 1);

        scoreboard.Increment(2, WorkerCounter.Harakiri);
        scoreboard.Increment(2, WorkerCounter.Harakiri);
        scoreboard.Increment(1, WorkerCounter.Respawns);

        Assert.Equal(2, scoreboard.Read(2, WorkerCounter.Harakiri));
        Assert.Equal(0, scoreboard.Read(1, WorkerCounter.Harakiri));
        Assert.Equal(1, scoreboard.Read(1, WorkerCounter.Respawns));
    }

    [Fact]
    public void Core_ConcurrentReader_NeverSeesATornRequest()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var core = scoreboard.Core(0, 0);
        var stop = false;
        var writer = new Thread(() =>
        {
            for (var i = 0; !Volatile.Read(ref stop); i++)
            {
                if (i % 2 == 0)
                {
                    core.Begin(1000, "a"u8, "GET"u8, "/even"u8);
                }
                else
                {
                    core.Begin(2000, "b"u8, "POST"u8, "/odd"u8);
                }
            }
        });
        writer.Start();
        var torn = 0;
        for (var i = 0; i < 20000; i++)
        {
            var snapshot = core.Read();
            if ((snapshot.StartMicros == 1000 && snapshot.Request != "a - GET /even") || (snapshot.StartMicros == 2000 && snapshot.Request != "b - POST /odd"))
            {
                torn++;
            }
        }
        Volatile.Write(ref stop, true);
        writer.Join();

        Assert.Equal(0, torn);
    }
}
