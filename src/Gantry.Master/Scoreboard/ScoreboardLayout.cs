namespace Gantry.Master.Scoreboard;

/// <summary>
/// Byte offsets of the shared scoreboard. Fixed-size little-endian fields, no pointers, so the master, every
/// worker and a future stats reader agree on it without serialisation:
/// <code>
/// header            64 B   magic "GSB2", workers N, records R = N + 1, cores C, master pid, start time
/// worker entry × N  128 B  written by the master only: id, current record, pid, last spawn, counters
/// record × R        128 B + C × 576 B   written by the worker process that owns the record:
///   record head     pid, worker id, state, recycle reason, requests, spawn/ready times, rss (master samples it),
///                   the application runtime's garbage collections by generation (runs, freed, uncollectable)
///   core × C        576 B: seq (seqlock), busy, requests, request start (epoch µs; of the running step), the
///                   request's first start, cumulative and averaged response time (µs), "addr - METHOD URI" text;
///                   from 256 counters: requests by front and status class, bytes sent, a response-time histogram
/// </code>
/// One record more than workers lets a chain reload start a worker's replacement while the old one still runs.
/// </summary>
internal static class ScoreboardLayout
{
    public const uint Magic = 0x32425347; // "GSB2" (GSB1 had 512-byte cores and three fronts)
    public const int HeaderSize = 64;
    public const int EntrySize = 128;
    public const int RecordHeadSize = 128;
    public const int CoreSize = 576;
    public const int CoreTextCapacity = CoreCounters - CoreText;

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
    public const int GarbageGenerations = 3;
    public const int RecordGcCollections = 48; // per generation, 8 bytes each: collections run
    public const int RecordGcCollected = RecordGcCollections + (GarbageGenerations * 8); // objects freed
    public const int RecordGcUncollectable = RecordGcCollected + (GarbageGenerations * 8); // objects left in gc.garbage
    public const int RecordHeadEnd = RecordGcUncollectable + (GarbageGenerations * 8);

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

    // Core counters (the loop thread writes them, 8-byte aligned; readers take them one by one, no seqlock).
    public const int CoreCounters = 256;
    public const int CoreStatusCounts = CoreCounters; // [front 0..3: http, uwsgi, fastcgi, https][status class 1xx..5xx] longs
    public const int StatusClasses = 5;
    public const int Fronts = 4;
    public const int CoreSentBytes = CoreStatusCounts + (Fronts * StatusClasses * 8);
    public const int CoreLatencyCounts = CoreSentBytes + 8; // one long per LatencyBucketsMicros entry, then +Inf
    public const int LatencyBuckets = 14; // LatencyBucketsMicros and +Inf
    public const int CoreExceptions = CoreLatencyCounts + (LatencyBuckets * 8); // requests the application failed
    public const int CoreCountersEnd = CoreExceptions + 8;

    /// <summary>Upper bounds of the response-time histogram's buckets, in µs (Prometheus' usual seconds scale).</summary>
    public static ReadOnlySpan<long> LatencyBucketsMicros =>
        [1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000];

    public static int RecordSize(int cores) => RecordHeadSize + (cores * CoreSize);

    public static int TotalSize(int workers, int cores) => HeaderSize + (workers * EntrySize) + ((workers + 1) * RecordSize(cores));
}
