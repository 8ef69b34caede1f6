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
            thread.EnterWait();
            Thread.Sleep(100);
            thread.LeaveWait();
            var waited = Ticks(thread, "/stop") - start - held;
            return (held, waited);
        });

        Assert.True(whileWaiting > 10, $"the app thread ticked {whileWaiting} times while the loop waited");
        Assert.True(whileHeld < whileWaiting, $"{whileHeld} ticks while the GIL was held, {whileWaiting} while waiting");
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
                threads.ForEach(thread => thread.Join());
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
