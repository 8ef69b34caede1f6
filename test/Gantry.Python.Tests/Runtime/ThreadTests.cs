using Gantry.Application;
using Gantry.Python.Tests.Infrastructure;

namespace Gantry.Python.Tests.Runtime;

/// <summary>The GIL: application threads run while the loop waits; other loop threads get their own thread state.</summary>
[Collection(PythonCollection.Name)]
public sealed class ThreadTests(PythonFixture python)
{
    private int Ticks(IApplicationThread thread, string path)
    {
        using var request = Requests.Create(path: path);
        return int.Parse(thread.Call(request).Sink.BodyText, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void EnterWait_ReleasesTheGil_SoApplicationThreadsRun()
    {
        var (whileHeld, whileWaiting) = python.Run(() =>
        {
            var thread = python.Application("threads_app.py");
            var start = Ticks(thread, "/start");
            Thread.Sleep(100); // the GIL stays held: the app's thread cannot tick (beyond the switch interval)
            var held = Ticks(thread, "/count") - start;
            // One wait with the GIL released, as the loop's epoll_wait, counted between two requests; too few ticks
            // and the next wait is twice as long. A loaded machine only needs a longer wait, while a GIL that stays
            // held gives no ticks however long the wait (bounded: 12.8 s at most, 25.5 s in all).
            var wait = TimeSpan.FromMilliseconds(100);
            var waited = 0;
            while (true)
            {
                var before = Ticks(thread, "/count");
                thread.EnterWait();
                Thread.Sleep(wait);
                thread.LeaveWait();
                waited = Ticks(thread, "/count") - before;
                if (waited > Math.Max(10, held) || wait >= TimeSpan.FromSeconds(12.8))
                {
                    break;
                }
                wait *= 2;
            }
            Ticks(thread, "/stop");
            return (held, waited);
        });

        Assert.True(whileWaiting > Math.Max(10, whileHeld), $"{whileHeld} ticks in 100 ms while the GIL was held, {whileWaiting} in the longest wait");
    }

    [Fact]
    public void AttachThread_AnotherThread_ServesWithItsOwnThreadState()
    {
        var bodies = python.Run(() =>
        {
            var results = new string[2];
            python.MainThread.EnterWait();
            try
            {
                var threads = Enumerable.Range(1, 2).Select(index => new Thread(() =>
                {
                    using var loop = new IdleLoop();
                    using var attached = python.Runtime.Application.AttachThread(index, loop.Services);
                    using var request = Requests.Create();
                    results[index - 1] = attached.Call(request).Sink.BodyText;
                    attached.EnterWait();
                    Thread.Sleep(10);
                    attached.LeaveWait();
                })).ToList();
                threads.ForEach(thread => thread.Start());
                Assert.All(threads, thread => Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "a loop thread did not finish its request within 30 s"));
            }
            finally
            {
                python.MainThread.LeaveWait();
            }
            return results;
        });

        Assert.Equal(["Hello World", "Hello World"], bodies);
    }
}
