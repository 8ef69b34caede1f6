using Gantry.Application;
using Gantry.Master.Scoreboard;

namespace Gantry.Master.Worker;

/// <summary>The worker's scoreboard record as the host's <see cref="IRuntimeCounters"/>: counts land where the master's stats server reads them.</summary>
public sealed class ScoreboardRuntimeCounters(WorkerScoreboard scoreboard, int record) : IRuntimeCounters
{
    /// <inheritdoc />
    public void CountGarbageCollection(int generation, long collected, long uncollectable) =>
        scoreboard.CountGarbageCollection(record, generation, collected, uncollectable);
}
