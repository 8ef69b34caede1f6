namespace Gantry.Application;

/// <summary>
/// A descriptor in the loop's wait set, for a host (a child's pipe, an outbound socket, asyncio's selector). The host
/// keeps owning the descriptor: it disposes the watch first, then closes the descriptor.
/// </summary>
public interface IFdWatch : IDisposable
{
    /// <summary>Changes what the watch waits for; <see cref="LoopReadiness.None"/> pauses it.</summary>
    void Change(LoopReadiness interest);
}
