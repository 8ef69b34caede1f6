namespace Gantry.Server.Logging;

/// <summary>
/// Where a loop's request log lines go: a block of whole lines at a time, each ended by '\n', written at the end of a
/// loop turn (one write for every request the turn finished). Called from loop threads, so concurrently.
/// </summary>
public interface IRequestLogTarget
{
    /// <summary>Writes <paramref name="lines"/> (<paramref name="count"/> lines, each ending in '\n').</summary>
    void WriteLines(ReadOnlySpan<byte> lines, int count);
}
