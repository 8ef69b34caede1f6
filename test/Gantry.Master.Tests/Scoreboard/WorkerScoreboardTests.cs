using System.Runtime.CompilerServices;
using System.Text;
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
        core.Finish(1_795_608_391_250_000);
        var idle = core.Read();
        core.Begin(1_795_608_392_000_000, "127.0.0.1"u8, "GET"u8, "/fast"u8);
        core.Pause();
        core.Resume(1_795_608_392_040_000);
        core.Finish(1_795_608_392_050_000);
        var second = core.Read();

        Assert.True(busy.Busy);
        Assert.Equal(1_795_608_391_000_000, busy.StartMicros);
        Assert.Equal("127.0.0.1 - GET /slow", busy.Request);
        Assert.False(idle.Busy);
        Assert.Equal(0, idle.StartMicros);
        Assert.Equal(1, idle.Requests);
        Assert.Equal("127.0.0.1 - GET /slow", idle.Request);
        Assert.Equal((250_000, 125_000), (idle.RunningMicros, idle.AverageMicros));
        // A response time runs from Begin across pauses: 50 ms here; the average halves the past (uWSGI's avg_rt).
        Assert.Equal((2, 300_000, 87_500), (second.Requests, second.RunningMicros, second.AverageMicros));
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
    public unsafe void Core_WriterStoppedMidWrite_ReadGivesUpWithTheIdleAnswer()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var core = scoreboard.Core(0, 0);
        core.Begin(1000, "a"u8, "GET"u8, "/"u8);
        // A worker killed or stopped inside Begin leaves the sequence odd until its record is reset.
        var sequence = (uint*)(Unsafe.As<ScoreboardCore, nint>(ref core) + ScoreboardLayout.CoreSequence);
        (*sequence)++;

        var midWrite = core.Read();
        (*sequence)++;
        var afterWrite = core.Read();

        Assert.Equal(new CoreSnapshot(Busy: false, StartMicros: 0, Requests: 0, Request: ""), midWrite);
        Assert.Equal(new CoreSnapshot(Busy: true, StartMicros: 1000, Requests: 0, Request: "a - GET /", BeganMicros: 1000), afterWrite);
    }

    /// <summary>
    /// A reader racing a writer that rewrites the slot with two long requests of different lengths: every snapshot is
    /// one request whole, or the idle answer when the reader gave up. Bounded by construction, so it cannot hang on a
    /// busy machine: the writer stops after <c>MaxWrites</c> writes at the latest (sooner once the reader has read
    /// both requests whole often enough), the reader stops when the writer has stopped, and each Read gives up after
    /// a fixed number of attempts.
    /// </summary>
    [Fact]
    public void Core_ConcurrentReader_NeverSeesATornRequest()
    {
        const int MaxWrites = 10_000_000;
        const int WholeReadsWanted = 10_000;
        var evenUri = Encoding.ASCII.GetBytes("/even/" + new string('e', 100));
        var oddUri = Encoding.ASCII.GetBytes("/odd/" + new string('o', 180));
        var evenRequest = "a - GET " + Encoding.ASCII.GetString(evenUri);
        var oddRequest = "b.example - POST " + Encoding.ASCII.GetString(oddUri);
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var core = scoreboard.Core(0, 0);
        var enough = 0;
        var writerDone = 0;
        var writer = new Thread(() =>
        {
            try
            {
                for (var i = 0; i < MaxWrites && Volatile.Read(ref enough) == 0; i++)
                {
                    if (i % 2 == 0)
                    {
                        core.Begin(1000, "a"u8, "GET"u8, evenUri);
                    }
                    else
                    {
                        core.Begin(2000, "b.example"u8, "POST"u8, oddUri);
                    }
                    // Pauses from none (writes back to back) to a few hundred nanoseconds, so reads start at every
                    // point of a write and the reader also gets quiet moments to read a whole request in, even when
                    // both threads share one core. The call is also a GC poll: a loop with no call in it could not be
                    // suspended, so a GC started by an allocating thread (the reader) waited on this loop while the
                    // loop waited on the reader.
                    Thread.SpinWait(i % 32);
                }
            }
            finally
            {
                Volatile.Write(ref writerDone, 1);
            }
        })
        { IsBackground = true, Name = "scoreboard writer" };

        var (even, odd, gaveUp, torn) = (0, 0, 0, 0);
        var tornExamples = new List<string>();
        writer.Start();
        while (Volatile.Read(ref writerDone) == 0)
        {
            var snapshot = core.Read();
            if (!snapshot.Busy)
            {
                gaveUp++;
            }
            else if (snapshot.StartMicros == 1000 && snapshot.Request == evenRequest)
            {
                even++;
            }
            else if (snapshot.StartMicros == 2000 && snapshot.Request == oddRequest)
            {
                odd++;
            }
            else
            {
                torn++;
                if (tornExamples.Count < 3)
                {
                    tornExamples.Add($"{snapshot.StartMicros} '{snapshot.Request}'");
                }
            }
            if (even >= WholeReadsWanted && odd >= WholeReadsWanted)
            {
                Volatile.Write(ref enough, 1);
            }
        }
        writer.Join();

        Assert.True(torn == 0, $"{torn} torn snapshots, for example: " + string.Join(", ", tornExamples));
        Assert.True(even > 0 && odd > 0, $"the reader never read both requests whole while the writer ran: {even} even, {odd} odd, {gaveUp} gave up");
    }
}
