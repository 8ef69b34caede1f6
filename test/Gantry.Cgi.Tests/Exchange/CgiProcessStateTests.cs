using System.Diagnostics;
using Gantry.Cgi.Tests.Infrastructure;

namespace Gantry.Cgi.Tests.Exchange;

/// <summary>What launch pacing reads from /proc/PID/stat: running or runnable (R) against asleep or gone.</summary>
[Collection(CgiProcessCollection.Name)]
public sealed class CgiProcessStateTests
{
    private static void WaitFor(Func<bool> condition, string what) => Bounded.Until(condition, what);

    [Fact]
    public void IsRunning_BusyLoop_TrueAsleep_FalseGone_False()
    {
        using var busy = Process.Start("/bin/sh", ["-c", "while :; do :; done"]);
        using var asleep = Process.Start("/bin/sleep", ["30"]);
        try
        {
            WaitFor(() => CgiProcessState.IsRunning(busy.Id), "the busy loop to show as running");
            WaitFor(() => !CgiProcessState.IsRunning(asleep.Id), "sleep to show as asleep");
        }
        finally
        {
            busy.Kill();
            asleep.Kill();
            busy.WaitForExit();
            asleep.WaitForExit();
        }

        Assert.False(CgiProcessState.IsRunning(busy.Id));
    }
}
