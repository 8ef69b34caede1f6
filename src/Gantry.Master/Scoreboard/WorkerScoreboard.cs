using System.Runtime.InteropServices;
using Gantry.Posix.Native;
using static Gantry.Master.Scoreboard.ScoreboardLayout;

namespace Gantry.Master.Scoreboard;

/// <summary>
/// The shared scoreboard (layout in <see cref="ScoreboardLayout"/>): a memfd the master creates and every worker
/// maps (named MemoryMappedFiles do not exist on Linux). Each field has one writer, so there are no locks:
/// the master writes the header and worker entries, a worker writes its own record, and the per-core request
/// fields are published with a sequence counter so a reader never sees a half-written request.
/// </summary>
public sealed unsafe partial class WorkerScoreboard : IDisposable
{
    private readonly byte* _base;
    private readonly nint _length;
    private readonly bool _mapped;
    private bool _disposed;

    private WorkerScoreboard(byte* memory, nint length, bool mapped)
    {
        _base = memory;
        _length = length;
        _mapped = mapped;
    }

    /// <summary>Number of worker ids (1…Workers).</summary>
    public int Workers => *(int*)(_base + HeaderWorkers);

    /// <summary>Number of process records (Workers + 1).</summary>
    public int Records => *(int*)(_base + HeaderRecords);

    /// <summary>Loop threads per worker.</summary>
    public int Cores => *(int*)(_base + HeaderCores);

    /// <summary>The master's pid.</summary>
    public int MasterPid => *(int*)(_base + HeaderMasterPid);

    /// <summary>Creates the memfd-backed scoreboard in the master (the caller owns <paramref name="fd"/>).</summary>
    internal static WorkerScoreboard CreateShared(int fd, int workers, int cores)
    {
        var length = TotalSize(workers, cores);
        if (LibC.ftruncate(fd, length) != 0)
        {
            throw new InvalidOperationException($"ftruncate(scoreboard) failed: errno {LibC.Errno}");
        }
        var scoreboard = new WorkerScoreboard(Map(fd, length), length, mapped: true);
        scoreboard.Initialize(workers, cores);
        return scoreboard;
    }

    /// <summary>Maps the scoreboard a master passed to this worker at <paramref name="fd"/>.</summary>
    internal static WorkerScoreboard OpenShared(int fd)
    {
        var length = LibC.lseek(fd, 0, LibC.SEEK_END);
        if (length < HeaderSize)
        {
            throw new InvalidOperationException($"the scoreboard at fd {fd} is {length} bytes: not a scoreboard");
        }
        var scoreboard = new WorkerScoreboard(Map(fd, (nint)length), (nint)length, mapped: true);
        if (*(uint*)scoreboard._base != Magic)
        {
            scoreboard.Dispose();
            throw new InvalidOperationException($"fd {fd} is not a gantry scoreboard");
        }
        return scoreboard;
    }

    /// <summary>A private scoreboard in process memory, for tests and for a master without workers to share it.</summary>
    internal static WorkerScoreboard CreatePrivate(int workers, int cores)
    {
        var length = TotalSize(workers, cores);
        var scoreboard = new WorkerScoreboard((byte*)NativeMemory.AllocZeroed((nuint)length), length, mapped: false);
        scoreboard.Initialize(workers, cores);
        return scoreboard;
    }

    private static byte* Map(int fd, nint length)
    {
        var memory = LibC.mmap(null, length, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED, fd, 0);
        if (memory == (void*)-1)
        {
            throw new InvalidOperationException($"mmap(scoreboard) failed: errno {LibC.Errno}");
        }
        return (byte*)memory;
    }

    private void Initialize(int workers, int cores)
    {
        *(int*)(_base + HeaderWorkers) = workers;
        *(int*)(_base + HeaderRecords) = workers + 1;
        *(int*)(_base + HeaderCores) = cores;
        *(int*)(_base + HeaderMasterPid) = Environment.ProcessId;
        *(long*)(_base + HeaderStartedMicros) = EpochMicros.Now();
        for (var id = 1; id <= workers; id++)
        {
            *(int*)(Entry(id) + EntryWorkerId) = id;
            *(int*)(Entry(id) + EntryRecord) = -1;
        }
        Volatile.Write(ref *(uint*)(_base + HeaderMagic), Magic);
    }

    /// <summary>Records that worker <paramref name="workerId"/> now runs as <paramref name="pid"/> in <paramref name="record"/>.</summary>
    public void SetWorker(int workerId, int record, int pid, long spawnedMicros)
    {
        var entry = Entry(workerId);
        *(int*)(entry + EntryRecord) = record;
        *(int*)(entry + EntryPid) = pid;
        *(long*)(entry + EntryLastSpawnMicros) = spawnedMicros;
    }

    /// <summary>Records that worker <paramref name="workerId"/> has no process now.</summary>
    public void ClearWorker(int workerId)
    {
        var entry = Entry(workerId);
        *(int*)(entry + EntryRecord) = -1;
        *(int*)(entry + EntryPid) = 0;
    }

    /// <summary>The current pid of worker <paramref name="workerId"/> (0 when none).</summary>
    public int WorkerPid(int workerId) => *(int*)(Entry(workerId) + EntryPid);

    /// <summary>The record worker <paramref name="workerId"/> currently writes to (-1 when none).</summary>
    public int WorkerRecord(int workerId) => *(int*)(Entry(workerId) + EntryRecord);

    /// <summary>
    /// The record of worker <paramref name="workerId"/>'s process when it has one (a pid and a record); false for a
    /// worker that is not running (cheaper mode stopped it, or it is between an exit and its respawn).
    /// </summary>
    public bool TryGetRunningRecord(int workerId, out int record)
    {
        record = WorkerRecord(workerId);
        return WorkerPid(workerId) != 0 && record >= 0;
    }

    /// <summary>When the worker's current (or last) process was spawned, in epoch µs; 0 before the first.</summary>
    public long WorkerLastSpawnMicros(int workerId) => *(long*)(Entry(workerId) + EntryLastSpawnMicros);

    /// <summary>Adds one to a worker counter (master only).</summary>
    public void Increment(int workerId, WorkerCounter counter) => (*Counter(workerId, counter))++;

    /// <summary>Reads a worker counter.</summary>
    public long Read(int workerId, WorkerCounter counter) => Volatile.Read(ref *Counter(workerId, counter));

    private long* Counter(int workerId, WorkerCounter counter) => (long*)(Entry(workerId) + EntryCounters + ((int)counter * 8));

    private byte* Entry(int workerId)
    {
        if (workerId < 1 || workerId > Workers)
        {
            throw new ArgumentOutOfRangeException(nameof(workerId), workerId, $"worker ids are 1..{Workers}");
        }
        return _base + HeaderSize + ((workerId - 1) * EntrySize);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_mapped)
        {
            LibC.munmap(_base, _length);
        }
        else
        {
            NativeMemory.Free(_base);
        }
    }
}
