using System.Text;
using static Gantry.Master.Scoreboard.ScoreboardLayout;

namespace Gantry.Master.Scoreboard;

/// <summary>
/// One loop thread's request fields in the scoreboard. The loop thread is the only writer; it makes the
/// sequence odd while it writes and even when done (a seqlock), so the master reads a request's start time
/// and text together or retries. No lock, no allocation on the worker's side.
/// </summary>
public readonly unsafe struct ScoreboardCore
{
    private const int ReadAttempts = 1000;
    private readonly byte* _core;

    internal ScoreboardCore(byte* core) => _core = core;

    private ref uint Sequence => ref *(uint*)(_core + CoreSequence);

    /// <summary>Marks the thread busy with a request that started at <paramref name="startMicros"/>.</summary>
    public void Begin(long startMicros, ReadOnlySpan<byte> peer, ReadOnlySpan<byte> method, ReadOnlySpan<byte> uri)
    {
        var sequence = Sequence;
        BeginWrite(sequence);
        var text = new Span<byte>(_core + CoreText, CoreTextCapacity);
        var length = 0;
        Append(text, ref length, peer);
        Append(text, ref length, " - "u8);
        Append(text, ref length, method);
        Append(text, ref length, " "u8);
        Append(text, ref length, uri);
        *(ushort*)(_core + CoreTextLength) = (ushort)length;
        *(long*)(_core + CoreStartMicros) = startMicros;
        *(long*)(_core + CoreBeganMicros) = startMicros;
        *(int*)(_core + CoreBusy) = 1;
        Volatile.Write(ref Sequence, sequence + 2);
    }

    /// <summary>Marks the thread busy again (a paused response resumed) without changing the request text.</summary>
    public void Resume(long startMicros)
    {
        var sequence = Sequence;
        BeginWrite(sequence);
        *(long*)(_core + CoreStartMicros) = startMicros;
        *(int*)(_core + CoreBusy) = 1;
        Volatile.Write(ref Sequence, sequence + 2);
    }

    /// <summary>Marks the thread idle while its request waits (a paused response).</summary>
    public void Pause()
    {
        var sequence = Sequence;
        BeginWrite(sequence);
        *(int*)(_core + CoreBusy) = 0;
        *(long*)(_core + CoreStartMicros) = 0;
        Volatile.Write(ref Sequence, sequence + 2);
    }

    /// <summary>
    /// Marks the thread idle and counts a completed request that ended at <paramref name="endMicros"/>: its response
    /// time (from <see cref="Begin"/>, pauses included, as uWSGI measures it) is added up and averaged.
    /// </summary>
    public void Finish(long endMicros)
    {
        var sequence = Sequence;
        BeginWrite(sequence);
        *(int*)(_core + CoreBusy) = 0;
        *(long*)(_core + CoreStartMicros) = 0;
        (*(long*)(_core + CoreRequests))++;
        var responseMicros = Math.Max(0, endMicros - *(long*)(_core + CoreBeganMicros));
        *(long*)(_core + CoreRunningMicros) += responseMicros;
        // uWSGI's avg_response_time: (average + this one) / 2.
        *(long*)(_core + CoreAverageMicros) = (*(long*)(_core + CoreAverageMicros) + responseMicros) / 2;
        Volatile.Write(ref Sequence, sequence + 2);
        var bucket = 0;
        var bounds = LatencyBucketsMicros;
        while (bucket < bounds.Length && responseMicros > bounds[bucket])
        {
            bucket++;
        }
        Volatile.Write(ref *(long*)(_core + CoreLatencyCounts + (bucket * 8)), *(long*)(_core + CoreLatencyCounts + (bucket * 8)) + 1);
    }

    /// <summary>
    /// Counts a finished response by front and status class (1xx–5xx; others uncounted) and its bytes, and, when the
    /// application failed it (an exception, uWSGI's <c>exceptions</c>), that too.
    /// </summary>
    public void CountResponse(int front, int statusCode, long bytesSent, bool applicationFailed)
    {
        if (applicationFailed)
        {
            var exceptions = (long*)(_core + CoreExceptions);
            Volatile.Write(ref *exceptions, *exceptions + 1);
        }
        var statusClass = (statusCode / 100) - 1;
        if (front is >= 0 and < Fronts && statusClass is >= 0 and < StatusClasses)
        {
            var slot = (long*)(_core + CoreStatusCounts + (((front * StatusClasses) + statusClass) * 8));
            Volatile.Write(ref *slot, *slot + 1);
        }
        var sent = (long*)(_core + CoreSentBytes);
        Volatile.Write(ref *sent, *sent + bytesSent);
    }

    /// <summary>Responses of <paramref name="front"/> with status class <paramref name="statusClass"/> (0 = 1xx … 4 = 5xx).</summary>
    public long ReadStatusCount(int front, int statusClass) =>
        Volatile.Read(ref *(long*)(_core + CoreStatusCounts + (((front * StatusClasses) + statusClass) * 8)));

    /// <summary>Requests whose application failed (raised, or broke the response) on this thread.</summary>
    public long ReadExceptions() => Volatile.Read(ref *(long*)(_core + CoreExceptions));

    /// <summary>Head and body bytes of every finished response.</summary>
    public long ReadSentBytes() => Volatile.Read(ref *(long*)(_core + CoreSentBytes));

    /// <summary>Responses whose time fell in histogram bucket <paramref name="bucket"/> (the last one is above every bound).</summary>
    public long ReadLatencyCount(int bucket) => Volatile.Read(ref *(long*)(_core + CoreLatencyCounts + (bucket * 8)));

    /// <summary>
    /// Reads the fields consistently, retrying while the writer is mid-update. Bounded: after
    /// <see cref="ReadAttempts"/> tries without a quiet moment (a worker stopped or killed mid-write leaves the
    /// sequence odd until its record is reset) it reports the thread idle, the cautious answer: harakiri waits for
    /// the next tick rather than act on a torn read, and the master never spins on a slot.
    /// </summary>
    public CoreSnapshot Read()
    {
        // The text is copied out before the sequence is checked and decoded only once it is known whole, so a
        // retry costs a copy of at most one slot and allocates nothing.
        Span<byte> text = stackalloc byte[CoreTextCapacity];
        for (var attempt = 0; attempt < ReadAttempts; attempt++)
        {
            var before = Volatile.Read(ref Sequence);
            if ((before & 1) != 0)
            {
                Thread.SpinWait(8);
                continue;
            }
            var busy = *(int*)(_core + CoreBusy) != 0;
            var startMicros = *(long*)(_core + CoreStartMicros);
            var requests = *(long*)(_core + CoreRequests);
            var began = *(long*)(_core + CoreBeganMicros);
            var running = *(long*)(_core + CoreRunningMicros);
            var average = *(long*)(_core + CoreAverageMicros);
            var length = Math.Min((int)*(ushort*)(_core + CoreTextLength), CoreTextCapacity);
            new ReadOnlySpan<byte>(_core + CoreText, length).CopyTo(text);
            // The field loads must complete before the sequence is read again (a load-load fence on weak memory models).
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref Sequence) == before)
            {
                return new CoreSnapshot(busy, startMicros, requests, Encoding.Latin1.GetString(text[..length]), running, average, began);
            }
        }
        return new CoreSnapshot(Busy: false, StartMicros: 0, Requests: 0, Request: string.Empty);
    }

    // Odd sequence first, and no field store may become visible before it (a store-store fence on weak memory models).
    private void BeginWrite(uint sequence)
    {
        Volatile.Write(ref Sequence, sequence + 1);
        Interlocked.MemoryBarrier();
    }

    private static void Append(Span<byte> text, ref int length, ReadOnlySpan<byte> part)
    {
        var count = Math.Min(part.Length, text.Length - length);
        part[..count].CopyTo(text[length..]);
        length += count;
    }
}
