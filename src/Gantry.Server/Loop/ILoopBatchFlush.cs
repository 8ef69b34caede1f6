namespace Gantry.Server.Loop;

/// <summary>
/// A connection whose finished responses wait for the end of the loop's batch of events (<see cref="EventLoop.TryDeferFlush"/>):
/// one send per connection per batch, and the client woken once for many responses instead of once for each.
/// </summary>
internal interface ILoopBatchFlush
{
    /// <summary>Sends what was kept back, on the loop thread, once the batch's other events were dispatched.</summary>
    void FlushBatch();
}
