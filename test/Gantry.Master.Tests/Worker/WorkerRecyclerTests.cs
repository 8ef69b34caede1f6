using Gantry.Master.Scoreboard;
using Gantry.Master.Tests.Infrastructure;
using Gantry.Master.Worker;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Master.Tests.Worker;

public sealed class WorkerRecyclerTests
{
    [Fact]
    public void MaxRequests_ReachedAfterMinimumLifetime_RecyclesOnce()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var time = new FakeTimeProvider();
        var log = new CapturingLogger();
        var recycler = new WorkerRecycler(scoreboard, 0, maxRequests: 3, reloadOnRssBytes: 0, TimeSpan.FromSeconds(1), time, log);
        var requested = 0;
        recycler.RecycleRequested += () => requested++;

        recycler.OnRequestFinished();
        recycler.OnRequestFinished();
        recycler.OnRequestFinished();
        Assert.Equal(0, requested);
        time.Advance(TimeSpan.FromSeconds(1));
        recycler.OnRequestFinished();
        recycler.OnRequestFinished();

        Assert.Equal(1, requested);
        Assert.Equal(RecycleReason.MaxRequests, scoreboard.ReadRecord(0).RecycleReason);
        Assert.Equal(5, scoreboard.ReadRecord(0).Requests);
        Assert.True(log.Contains("is done (max requests reached (4)). Seeya!"));
    }

    [Fact]
    public void ReloadOnRss_Exceeded_RecyclesWithRssReason()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var time = new FakeTimeProvider();
        var recycler = new WorkerRecycler(scoreboard, 0, maxRequests: 0, reloadOnRssBytes: 64 << 20, TimeSpan.Zero, time,
            new CapturingLogger(), residentBytes: () => 80 << 20);
        var requested = false;
        recycler.RecycleRequested += () => requested = true;

        recycler.OnRequestFinished();

        Assert.True(requested);
        Assert.Equal(RecycleReason.Rss, scoreboard.ReadRecord(0).RecycleReason);
    }

    [Fact]
    public void NoLimits_NeverRecycles()
    {
        using var scoreboard = WorkerScoreboard.CreatePrivate(workers: 1, cores: 1);
        var recycler = new WorkerRecycler(scoreboard, 0, 0, 0, TimeSpan.Zero, new FakeTimeProvider(), new CapturingLogger());

        for (var i = 0; i < 100; i++)
        {
            recycler.OnRequestFinished();
        }

        Assert.False(recycler.Recycling);
        Assert.Equal(100, scoreboard.ReadRecord(0).Requests);
    }
}
