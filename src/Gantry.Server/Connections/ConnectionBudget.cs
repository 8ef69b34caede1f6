namespace Gantry.Server.Connections;

/// <summary>
/// The connections one process may hold at once (max-connections), counted across its loop threads. While it is
/// spent the acceptors leave their listeners alone, so further clients wait in the listen backlog (sized by --listen)
/// instead of taking descriptors. Made once per process by its host; without a limit nothing is counted.
/// </summary>
public sealed class ConnectionBudget
{
    private int _open;

    /// <param name="limit">Most connections open at once; 0 = no limit (the open-file limit bounds them).</param>
    public ConnectionBudget(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Limit = limit;
    }

    /// <summary>Most connections open at once; 0 = no limit.</summary>
    public int Limit { get; }

    /// <summary>Connections open now (counted only with a limit).</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>True when the limit is reached: accept nothing until a connection closes.</summary>
    public bool IsSpent => Limit > 0 && Volatile.Read(ref _open) >= Limit;

    internal void Opened()
    {
        if (Limit > 0)
        {
            Interlocked.Increment(ref _open);
        }
    }

    internal void Closed()
    {
        if (Limit > 0)
        {
            Interlocked.Decrement(ref _open);
        }
    }
}
