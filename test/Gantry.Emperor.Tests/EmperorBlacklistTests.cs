using Gantry.Emperor;

namespace Gantry.Emperor.Tests;

/// <summary>uWSGI 2.0.21's blacklist arithmetic (core/emperor.c uwsgi_emperor_blacklist_add), quirks included.</summary>
public sealed class EmperorBlacklistTests
{
    [Fact]
    public void Add_FirstDeath_ListsTheVassalWithUwsgisOneMillisecondDelay()
    {
        var blacklist = new EmperorBlacklist(throttleMilliseconds: 1000, maxThrottleMilliseconds: 180_000);

        Assert.Null(blacklist.Add("a.ini"));

        var entry = Assert.Single(blacklist.Entries);
        Assert.Equal(("a.ini", 1L, 0), (entry.Id, entry.ThrottleMilliseconds, entry.Attempt));
    }

    [Fact]
    public void Add_ThirdDeath_ThrottlesWithUwsgisLine_AndEachDeathAddsTheThrottle()
    {
        var blacklist = new EmperorBlacklist(throttleMilliseconds: 1000, maxThrottleMilliseconds: 180_000);
        blacklist.Add("a.ini");

        Assert.Null(blacklist.Add("a.ini"));
        Assert.Equal("[emperor] unloyal bad behaving vassal found: a.ini throttling it...", blacklist.Add("a.ini"));

        var entry = Assert.Single(blacklist.Entries);
        Assert.Equal((2001L, 2), (entry.ThrottleMilliseconds, entry.Attempt));
        Assert.True(blacklist.Holds("a.ini"));
        Assert.False(blacklist.Holds("b.ini"));
    }

    [Fact]
    public void Add_AtTheMaximum_HalvesTheDelayWithUwsgisLine()
    {
        var blacklist = new EmperorBlacklist(throttleMilliseconds: 1000, maxThrottleMilliseconds: 2000);
        blacklist.Add("a.ini");
        blacklist.Add("a.ini");
        blacklist.Add("a.ini");

        Assert.Equal("[emperor] maximum throttle level for vassal a.ini reached !!!", blacklist.Add("a.ini"));
        Assert.Equal(1000L, Assert.Single(blacklist.Entries).ThrottleMilliseconds);
    }

    [Fact]
    public void Remove_LoyalVassal_LeavesTheList_AndClearEmptiesIt()
    {
        var blacklist = new EmperorBlacklist(1000, 180_000);
        blacklist.Add("a.ini");
        blacklist.Add("b.ini");

        blacklist.Remove("a.ini");
        Assert.Equal(["b.ini"], blacklist.Entries.Select(e => e.Id));
        blacklist.Clear();
        Assert.Empty(blacklist.Entries);
    }
}
