using Gantry.Application;
using Gantry.Master.Scoreboard;

namespace Gantry.Master.Worker;

/// <summary>
/// Wraps the application host so that every request start and end reaches the scoreboard (busy/idle, start
/// time, "peer - METHOD URI", counts) and the recycling rules, without the server or the host knowing.
/// </summary>
public sealed class ScoreboardApplication : IApplication
{
    private readonly IApplication _inner;
    private readonly WorkerScoreboard _scoreboard;
    private readonly int _record;
    private readonly WorkerRecycler _recycler;

    /// <param name="inner">The real application host.</param>
    /// <param name="scoreboard">The shared scoreboard.</param>
    /// <param name="record">This process's record.</param>
    /// <param name="recycler">Counts requests and applies max-requests/reload-on-rss.</param>
    public ScoreboardApplication(IApplication inner, WorkerScoreboard scoreboard, int record, WorkerRecycler recycler)
    {
        _inner = inner;
        _scoreboard = scoreboard;
        _record = record;
        _recycler = recycler;
    }

    /// <inheritdoc />
    public IApplicationThread AttachThread(int threadIndex, ILoopServices loop) =>
        new ScoreboardThread(_inner.AttachThread(threadIndex, loop), _scoreboard.Core(_record, threadIndex), _recycler);
}
