using Gantry.Application;
using Gantry.Server.Loop;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Server.Tests.Loop;

/// <summary>The loop's timer heap with fake time: due order, one-shot and repeating, cancel and restart, no spinning.</summary>
public sealed class LoopTimersTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly LoopTimers _timers;
    private readonly List<string> _fired = [];

    public LoopTimersTests() => _timers = new LoopTimers(_time);

    private ITimerHandler Handler(string name) => new Recorder(() => _fired.Add(name));

    private void Advance(int milliseconds)
    {
        _time.Advance(TimeSpan.FromMilliseconds(milliseconds));
        _timers.RunDue(_time.GetTimestamp());
    }

    [Fact]
    public void OneShot_FiresOnceWhenDueAndNotBefore()
    {
        var timer = _timers.Start(TimeSpan.FromMilliseconds(50), Handler("a"), default);

        Advance(49);
        Assert.Empty(_fired);
        Advance(1);
        Assert.Equal(["a"], _fired);
        Advance(1000);
        Assert.Equal(["a"], _fired);
        Assert.False(timer.IsActive);
    }

    [Fact]
    public void SeveralTimers_FireInDueOrder()
    {
        _timers.Start(TimeSpan.FromMilliseconds(30), Handler("c"), default);
        _timers.Start(TimeSpan.FromMilliseconds(10), Handler("a"), default);
        _timers.Start(TimeSpan.FromMilliseconds(20), Handler("b"), default);

        Advance(100);

        Assert.Equal(["a", "b", "c"], _fired);
    }

    [Fact]
    public void Cancelled_NeverFires()
    {
        var timer = _timers.Start(TimeSpan.FromMilliseconds(10), Handler("a"), default);

        timer.Cancel();
        Advance(100);

        Assert.Empty(_fired);
        Assert.False(timer.IsActive);
    }

    [Fact]
    public void Restarted_FiresOnlyAtTheNewTime()
    {
        var timer = _timers.Start(TimeSpan.FromMilliseconds(10), Handler("a"), default);
        Advance(5);

        timer.Restart(TimeSpan.FromMilliseconds(100));
        Advance(10);
        Assert.Empty(_fired);
        Advance(95);

        Assert.Equal(["a"], _fired);
    }

    [Fact]
    public void Repeating_FiresEveryPeriodUntilCancelled()
    {
        var timer = _timers.Start(TimeSpan.FromMilliseconds(10), Handler("tick"), TimeSpan.FromMilliseconds(10));

        for (var i = 0; i < 5; i++)
        {
            Advance(10);
        }
        timer.Cancel();
        Advance(100);

        Assert.Equal(5, _fired.Count);
    }

    [Fact]
    public void Repeating_LoopFellBehind_FiresOnceNotOncePerMissedPeriod()
    {
        _timers.Start(TimeSpan.FromMilliseconds(10), Handler("tick"), TimeSpan.FromMilliseconds(10));

        Advance(1000);

        Assert.Single(_fired);
    }

    [Fact]
    public void HandlerRearmingWithNoDelay_RunsOncePerCallNotInALoop()
    {
        ILoopTimer? timer = null;
        timer = _timers.Start(TimeSpan.Zero, new Recorder(() =>
        {
            _fired.Add("again");
            timer!.Restart(TimeSpan.Zero);
        }), default);

        Advance(0);
        Advance(0);

        Assert.Equal(2, _fired.Count);
    }

    [Fact]
    public void NextDue_IsTheEarliestQueuedTimer()
    {
        Assert.Equal(long.MaxValue, _timers.NextDue);
        var start = _time.GetTimestamp();

        _timers.Start(TimeSpan.FromSeconds(2), Handler("b"), default);
        _timers.Start(TimeSpan.FromSeconds(1), Handler("a"), default);

        Assert.Equal(start + _time.TimestampFrequency, _timers.NextDue);
    }

    private sealed class Recorder(Action action) : ITimerHandler
    {
        public void OnTimer() => action();
    }
}
