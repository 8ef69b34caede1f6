namespace Gantry.Master.Scoreboard;

/// <summary>Why a worker decided by itself to exit (written to its record before it stops).</summary>
public enum RecycleReason
{
    /// <summary>Not recycling.</summary>
    None,

    /// <summary>max-requests reached.</summary>
    MaxRequests,

    /// <summary>reload-on-rss exceeded.</summary>
    Rss,
}
