using System.Diagnostics;

namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>Every wait in these tests has this bound and says what it waited for when it runs out.</summary>
internal static class Bounded
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> every few milliseconds until it holds; fails naming <paramref name="what"/>.</summary>
    public static void Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Bound, $"waited {Bound.TotalSeconds} s for {what}");
            Thread.Sleep(5);
        }
    }
}
