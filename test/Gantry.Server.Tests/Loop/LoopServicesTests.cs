using System.Collections.Concurrent;
using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Loop;

/// <summary>
/// The services a running loop gives its host (seam v2): work posted from other threads, timers and watched
/// descriptors, each observed on the loop thread. Every wait is bounded (10 s) and reports what it waited for.
/// </summary>
public sealed unsafe class LoopServicesTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>A loop serving nothing but what the test hands it; records the loop thread's id on the first request.</summary>
    private static LoopHost StartLoop() => new(TestApps.Hello());

    [Fact]
    public void Post_FromOtherThreads_RunsOnTheLoopThreadInPostingOrder()
    {
        using var host = StartLoop();
        var ran = new BlockingCollection<(int Index, int Thread)>();
        var loopThread = OnLoop(host, () => Environment.CurrentManagedThreadId);

        for (var i = 0; i < 100; i++)
        {
            var index = i;
            host.Loop.Post(new Work(() => ran.Add((index, Environment.CurrentManagedThreadId))));
        }

        var seen = Enumerable.Range(0, 100).Select(_ => Take(ran, "posted work")).ToList();
        Assert.Equal(Enumerable.Range(0, 100), seen.Select(s => s.Index));
        Assert.All(seen, s => Assert.Equal(loopThread, s.Thread));
    }

    [Fact]
    public void Timer_FiresOnTheLoopThreadWithoutATick()
    {
        using var host = StartLoop();
        var fired = new BlockingCollection<int>();

        OnLoop(host, () => host.Loop.StartTimer(TimeSpan.FromMilliseconds(20), new Timer(() => fired.Add(Environment.CurrentManagedThreadId))));

        Take(fired, "the timer");
    }

    [Fact]
    public void Timer_CancelledBeforeDue_NeverFires()
    {
        using var host = StartLoop();
        var fired = new BlockingCollection<string>();

        var timer = OnLoop(host, () => host.Loop.StartTimer(TimeSpan.FromMilliseconds(200), new Timer(() => fired.Add("cancelled one"))));
        OnLoop(host, () =>
        {
            timer.Cancel();
            host.Loop.StartTimer(TimeSpan.FromMilliseconds(400), new Timer(() => fired.Add("later one")));
            return 0;
        });

        // The later timer firing proves the loop went past the cancelled one's due time.
        Assert.Equal("later one", Take(fired, "the later timer"));
    }

    [Fact]
    public void Watch_Pipe_ReadableWhenWrittenPausedWhenChangedToNone()
    {
        using var host = StartLoop();
        var fds = stackalloc int[2];
        Assert.Equal(0, LibC.pipe2(fds, LibC.O_NONBLOCK | LibC.O_CLOEXEC));
        var (readEnd, writeEnd) = (fds[0], fds[1]);
        var events = new BlockingCollection<string>();
        IFdWatch? watch = null;
        try
        {
            watch = OnLoop(host, () => host.Loop.Watch(readEnd, LoopReadiness.Readable, new Readiness(ready =>
            {
                var buffer = stackalloc byte[16];
                var count = LibC.read(readEnd, buffer, 16);
                events.Add($"{ready}:{count}");
            })));
            Write(writeEnd, "abc");
            Assert.Equal("Readable:3", Take(events, "the pipe to be readable"));

            OnLoop(host, () =>
            {
                watch.Change(LoopReadiness.None);
                return 0;
            });
            Write(writeEnd, "de");
            // Paused: posted work after the write runs, the watch stays quiet; resumed, the bytes are read.
            OnLoop(host, () => 0);
            Assert.Empty(events);
            OnLoop(host, () =>
            {
                watch.Change(LoopReadiness.Readable);
                return 0;
            });
            Assert.Equal("Readable:2", Take(events, "the resumed watch"));
        }
        finally
        {
            if (watch is not null)
            {
                OnLoop(host, () =>
                {
                    watch.Dispose();
                    return 0;
                });
            }
            LibC.close(readEnd);
            LibC.close(writeEnd);
        }
    }

    [Fact]
    public void Watch_WriterClosed_ReportsReadableSoTheReadSeesEndOfFile()
    {
        using var host = StartLoop();
        var fds = stackalloc int[2];
        Assert.Equal(0, LibC.pipe2(fds, LibC.O_NONBLOCK | LibC.O_CLOEXEC));
        var (readEnd, writeEnd) = (fds[0], fds[1]);
        var events = new BlockingCollection<long>();
        IFdWatch? watch = null;
        watch = OnLoop(host, () => host.Loop.Watch(readEnd, LoopReadiness.Readable, new Readiness(_ =>
        {
            var buffer = stackalloc byte[16];
            events.Add(LibC.read(readEnd, buffer, 16));
            watch!.Dispose();
        })));

        LibC.close(writeEnd);

        Assert.Equal(0, Take(events, "end of file"));
        LibC.close(readEnd);
    }

    /// <summary>Runs <paramref name="action"/> on the loop thread and returns its result (bounded).</summary>
    private static T OnLoop<T>(LoopHost host, Func<T> action)
    {
        var result = new BlockingCollection<T>();
        host.Loop.Post(new Work(() => result.Add(action())));
        return Take(result, "work posted to the loop");
    }

    private static T Take<T>(BlockingCollection<T> items, string what)
    {
        Assert.True(items.TryTake(out var item, Bound), $"waited {Bound.TotalSeconds} s for {what}");
        return item!;
    }

    private static void Write(int fd, string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        fixed (byte* data = bytes)
        {
            Assert.Equal(bytes.Length, (int)LibC.write(fd, data, bytes.Length));
        }
    }

    private sealed class Work(Action action) : ILoopWork
    {
        public void Run() => action();
    }

    private sealed class Timer(Action action) : ITimerHandler
    {
        public void OnTimer() => action();
    }

    private sealed class Readiness(Action<LoopReadiness> action) : IReadinessHandler
    {
        public void OnReady(LoopReadiness ready) => action(ready);
    }
}
