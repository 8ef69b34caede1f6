namespace Gantry.Application;

/// <summary>
/// What a host reports about its language runtime for the stats server and the metrics (Python's garbage collections
/// today). The host calls it on whichever thread ran the collection (a loop thread holding the GIL); the worker's
/// scoreboard record implements it, so the master reads the counts at scrape time and no request pays for them.
/// </summary>
public interface IRuntimeCounters
{
    /// <param name="generation">The generation collected (0, 1 or 2 for CPython).</param>
    /// <param name="collected">Objects the collection freed.</param>
    /// <param name="uncollectable">Objects it found but could not free (gc.garbage).</param>
    void CountGarbageCollection(int generation, long collected, long uncollectable);
}
