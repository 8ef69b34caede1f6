namespace Gantry.Master.Scoreboard;

/// <summary>
/// Byte offsets of the shared scoreboard. Fixed-size little-endian fields, no pointers, so the master, every
/// worker and a future stats reader agree on it without serialisation:
/// <code>
/// header            64 B   magic "GSB1", workers N, records R = N + 1, cores C, master pid, start time
/// worker entry × N  128 B  written by the master only: id, current record, pid, last spawn, counters
/// record × R        128 B + C × 256 B   written by the worker process that owns the record:
///   record head     pid, worker id, state, recycle reason, requests, spawn/ready times, rss (master samples it)
///   core × C        seq (seqlock), busy, requests, request start (epoch µs; of the running step), the request's
///                   first start, cumulative and averaged response time (µs), "addr - METHOD URI" text
/// </code>
/// One record more than workers lets a chain reload start a worker's replacement while the old one still runs.
/// </summary>
internal static class ScoreboardLayout
{
    public const uint Magic = 0x31425347; // "GSB1"
    public const int HeaderSize = 64;
    public const int EntrySize = 128;
    public const int RecordHeadSize = 128;
    public const int CoreSize = 256;
    public const int CoreTextCapacity = CoreSize - CoreText;

    // Header fields.
    public const int HeaderMagic = 0;
    public const int HeaderWorkers = 4;
    public const int HeaderRecords = 8;
    public const int HeaderCores = 12;
    public const int HeaderMasterPid = 16;
    public const int HeaderStartedMicros = 24;

    // Worker entry fields (master-owned).
    public const int EntryWorkerId = 0;
    public const int EntryRecord = 4;
    public const int EntryPid = 8;
    public const int EntryLastSpawnMicros = 16;
    public const int EntryCounters = 24; // WorkerCounter values, 8 bytes each

    // Record head fields.
    public const int RecordPid = 0;
    public const int RecordWorkerId = 4;
    public const int RecordState = 8;
    public const int RecordRecycleReason = 12;
    public const int RecordRequests = 16;
    public const int RecordSpawnedMicros = 24;
    public const int RecordReadyMicros = 32;
    public const int RecordRssBytes = 40;

    // Core fields.
    public const int CoreSequence = 0;
    public const int CoreBusy = 4;
    public const int CoreRequests = 8;
    public const int CoreStartMicros = 16;
    public const int CoreBeganMicros = 24;
    public const int CoreRunningMicros = 32;
    public const int CoreAverageMicros = 40;
    public const int CoreTextLength = 48;
    public const int CoreText = 50;

    public static int RecordSize(int cores) => RecordHeadSize + (cores * CoreSize);

    public static int TotalSize(int workers, int cores) => HeaderSize + (workers * EntrySize) + ((workers + 1) * RecordSize(cores));
}
