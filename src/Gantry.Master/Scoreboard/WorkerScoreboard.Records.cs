using static Gantry.Master.Scoreboard.ScoreboardLayout;

namespace Gantry.Master.Scoreboard;

/// <summary>Process records: reset and read by the master, written by the worker that owns them.</summary>
public sealed unsafe partial class WorkerScoreboard
{
    /// <summary>Clears <paramref name="record"/> for a worker about to be spawned (master, before posix_spawn).</summary>
    public void ResetRecord(int record, int workerId, long spawnedMicros)
    {
        var head = Record(record);
        new Span<byte>(head, RecordSize(Cores)).Clear();
        *(int*)(head + RecordWorkerId) = workerId;
        *(long*)(head + RecordSpawnedMicros) = spawnedMicros;
        Volatile.Write(ref *(int*)(head + RecordState), (int)ProcessState.Starting);
    }

    /// <summary>Counts a garbage collection of <paramref name="generation"/> (0–2) by the process in <paramref name="record"/>.</summary>
    public void CountGarbageCollection(int record, int generation, long collected, long uncollectable)
    {
        if (generation is < 0 or >= GarbageGenerations)
        {
            return;
        }
        var head = Record(record);
        Interlocked.Increment(ref *(long*)(head + RecordGcCollections + (generation * 8)));
        Interlocked.Add(ref *(long*)(head + RecordGcCollected + (generation * 8)), collected);
        Interlocked.Add(ref *(long*)(head + RecordGcUncollectable + (generation * 8)), uncollectable);
    }

    /// <summary>Garbage collections of <paramref name="generation"/> in <paramref name="record"/>: runs, objects freed, uncollectable.</summary>
    public (long Collections, long Collected, long Uncollectable) ReadGarbageCollections(int record, int generation)
    {
        var head = Record(record);
        return (Volatile.Read(ref *(long*)(head + RecordGcCollections + (generation * 8))),
            Volatile.Read(ref *(long*)(head + RecordGcCollected + (generation * 8))),
            Volatile.Read(ref *(long*)(head + RecordGcUncollectable + (generation * 8))));
    }

    /// <summary>Sets the pid of the process in <paramref name="record"/>.</summary>
    public void SetRecordPid(int record, int pid) => Volatile.Write(ref *(int*)(Record(record) + RecordPid), pid);

    /// <summary>Marks <paramref name="record"/> unused.</summary>
    public void FreeRecord(int record)
    {
        var head = Record(record);
        *(int*)(head + RecordPid) = 0;
        Volatile.Write(ref *(int*)(head + RecordState), (int)ProcessState.Free);
    }

    /// <summary>A record nobody uses, or -1.</summary>
    public int FindFreeRecord()
    {
        for (var record = 0; record < Records; record++)
        {
            if (Volatile.Read(ref *(int*)(Record(record) + RecordState)) == (int)ProcessState.Free)
            {
                return record;
            }
        }
        return -1;
    }

    /// <summary>Sets the state of <paramref name="record"/> (the worker: Ready when serving, Stopping when leaving).</summary>
    public void SetState(int record, ProcessState state)
    {
        var head = Record(record);
        if (state == ProcessState.Ready)
        {
            *(long*)(head + RecordReadyMicros) = EpochMicros.Now();
        }
        Volatile.Write(ref *(int*)(head + RecordState), (int)state);
    }

    /// <summary>Records why the worker is recycling itself.</summary>
    public void SetRecycleReason(int record, RecycleReason reason) =>
        Volatile.Write(ref *(int*)(Record(record) + RecordRecycleReason), (int)reason);

    /// <summary>Stores a resident-memory sample (the master samples /proc at each tick).</summary>
    public void SetRss(int record, long bytes) => Volatile.Write(ref *(long*)(Record(record) + RecordRssBytes), bytes);

    /// <summary>Counts one finished request for the process; returns the process's new total (thread-safe).</summary>
    public long CountRequest(int record) => Interlocked.Increment(ref *(long*)(Record(record) + RecordRequests));

    /// <summary>A consistent-enough copy of a record's head.</summary>
    public RecordSnapshot ReadRecord(int record)
    {
        var head = Record(record);
        return new RecordSnapshot(
            Volatile.Read(ref *(int*)(head + RecordPid)),
            *(int*)(head + RecordWorkerId),
            (ProcessState)Volatile.Read(ref *(int*)(head + RecordState)),
            (RecycleReason)Volatile.Read(ref *(int*)(head + RecordRecycleReason)),
            Volatile.Read(ref *(long*)(head + RecordRequests)),
            *(long*)(head + RecordSpawnedMicros),
            *(long*)(head + RecordReadyMicros),
            Volatile.Read(ref *(long*)(head + RecordRssBytes)));
    }

    /// <summary>The writer/reader of one loop thread's request fields.</summary>
    public ScoreboardCore Core(int record, int core)
    {
        if (core < 0 || core >= Cores)
        {
            throw new ArgumentOutOfRangeException(nameof(core), core, $"cores are 0..{Cores - 1}");
        }
        return new ScoreboardCore(Record(record) + RecordHeadSize + (core * CoreSize));
    }

    private byte* Record(int record)
    {
        if (record < 0 || record >= Records)
        {
            throw new ArgumentOutOfRangeException(nameof(record), record, $"records are 0..{Records - 1}");
        }
        return _base + HeaderSize + (Workers * EntrySize) + ((long)record * RecordSize(Cores));
    }
}
