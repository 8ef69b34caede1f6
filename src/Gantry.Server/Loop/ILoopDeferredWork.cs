namespace Gantry.Server.Loop;

/// <summary>
/// Work a loop keeps back and does at a time the work chooses: the request log's lines, one write for many requests, as
/// nginx's <c>access_log … buffer= flush=</c>. The loop runs <see cref="RunDeferred"/> on its thread once its clock
/// reaches <see cref="DeferredDue"/> (it sleeps no longer than that), and once more when it stops. The work bounds itself
/// otherwise too (the request log writes at 16 KiB).
/// </summary>
internal interface ILoopDeferredWork
{
    /// <summary>When the work kept back must be done, in the loop clock's timestamps; <see cref="long.MaxValue"/> when none is.</summary>
    long DeferredDue { get; }

    /// <summary>Does the work kept back, on the loop thread.</summary>
    void RunDeferred();
}
