namespace Gantry.Server.Loop;

/// <summary>
/// Work a loop keeps back while it has events to handle and does when it would otherwise sleep: the request log's lines
/// (one write for many requests). The loop runs <see cref="RunDeferred"/> on its thread when <see cref="HasDeferred"/>
/// and no event is ready (before it waits), at every tick (once a second, for a loop that never finds itself idle),
/// and once more when it stops. The work bounds itself too (the request log writes at 16 KiB).
/// </summary>
internal interface ILoopDeferredWork
{
    /// <summary>True when <see cref="RunDeferred"/> has something to do.</summary>
    bool HasDeferred { get; }

    /// <summary>Does the work kept back, on the loop thread.</summary>
    void RunDeferred();
}
