using System.Collections.Concurrent;
using Gantry.Application;
using Gantry.Posix.Native;
using Gantry.Server.Loop;
using Gantry.Server.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Gantry.Server.Tests.Loop;

/// <summary>
/// A connection's finished response may wait for the end of the loop's batch of events (<see cref="EventLoop.TryDeferFlush"/>):
/// kept back only while events of the batch remain, and flushed once each, after the batch's last event was handled.
/// Two pipes made readable before they are watched come back in one batch. Every wait is bounded (10 s).
/// </summary>
public sealed unsafe class LoopBatchFlushTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public void TryDeferFlush_TwoEventsInOneBatch_FirstKeptBackAndFlushedAfterBoth()
    {
        using var host = new LoopHost(TestApps.Hello());
        var loop = (EventLoop)host.Loop;
        var (readA, writeA) = Pipe();
        var (readB, writeB) = Pipe();
        var record = new BlockingCollection<string>();
        var watches = new List<IFdWatch>();
        try
        {
            Write(writeA);
            Write(writeB);
            Post(host, () =>
            {
                foreach (var (fd, name) in new[] { (readA, "a"), (readB, "b") })
                {
                    IFdWatch? watch = null;
                    watch = host.Loop.Watch(fd, LoopReadiness.Readable, new Readiness(() =>
                    {
                        watch!.Change(LoopReadiness.None);
                        var keptBack = loop.TryDeferFlush(new Flush(() => record.Add($"flush {name}")));
                        record.Add($"ready {name} {(keptBack ? "kept" : "now")}");
                    }));
                    watches.Add(watch);
                }
            });

            var seen = Enumerable.Range(0, 3).Select(_ => Take(record)).ToList();

            // Whichever came first in the batch was kept back (one event remained), the last one was not, and the kept
            // one was flushed once, after both.
            Assert.Matches("^ready [ab] kept$", seen[0]);
            Assert.Matches("^ready [ab] now$", seen[1]);
            Assert.Equal($"flush {seen[0][6]}", seen[2]);
            Assert.False(record.TryTake(out var extra, TimeSpan.FromMilliseconds(200)), $"unexpected: {extra}");
        }
        finally
        {
            Post(host, () => watches.ForEach(watch => watch.Dispose()));
            foreach (var fd in new[] { readA, writeA, readB, writeB })
            {
                LibC.close(fd);
            }
        }
    }

    [Fact]
    public void TryDeferFlush_BatchRunsPastOneMillisecond_KeptResponseLeavesBeforeTheNextEvent()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = new LoopHost(TestApps.Hello(), time: time);
        var loop = (EventLoop)host.Loop;
        var pipes = Enumerable.Range(0, 3).Select(_ => Pipe()).ToList();
        var record = new BlockingCollection<string>();
        var watches = new List<IFdWatch>();
        var handled = 0;
        try
        {
            pipes.ForEach(pipe => Write(pipe.Write));
            Post(host, () =>
            {
                foreach (var (read, _) in pipes)
                {
                    IFdWatch? watch = null;
                    watch = host.Loop.Watch(read, LoopReadiness.Readable, new Readiness(() =>
                    {
                        watch!.Change(LoopReadiness.None);
                        switch (handled++)
                        {
                            case 0:
                                record.Add(loop.TryDeferFlush(new Flush(() => record.Add("flush"))) ? "first kept" : "first sent");
                                break;
                            case 1:
                                // A slow request: the batch is now past the window.
                                time.Advance(TimeSpan.FromMilliseconds(2));
                                record.Add("slow");
                                break;
                            default:
                                record.Add("third");
                                break;
                        }
                    }));
                    watches.Add(watch);
                }
            });

            Assert.Equal(["first kept", "slow", "flush", "third"], Enumerable.Range(0, 4).Select(_ => Take(record)));
            Assert.False(record.TryTake(out var extra, TimeSpan.FromMilliseconds(200)), $"unexpected: {extra}");
        }
        finally
        {
            Post(host, () => watches.ForEach(watch => watch.Dispose()));
            foreach (var (read, write) in pipes)
            {
                LibC.close(read);
                LibC.close(write);
            }
        }
    }

    private static (int Read, int Write) Pipe()
    {
        var fds = stackalloc int[2];
        Assert.Equal(0, LibC.pipe2(fds, LibC.O_NONBLOCK | LibC.O_CLOEXEC));
        return (fds[0], fds[1]);
    }

    private static void Write(int fd)
    {
        var one = (byte)'x';
        Assert.Equal(1, (int)LibC.write(fd, &one, 1));
    }

    private static void Post(LoopHost host, Action action)
    {
        var done = new BlockingCollection<int>();
        host.Loop.Post(new Work(() =>
        {
            action();
            done.Add(0);
        }));
        Take(done);
    }

    private static T Take<T>(BlockingCollection<T> items)
    {
        Assert.True(items.TryTake(out var item, Bound), $"waited {Bound.TotalSeconds} s");
        return item!;
    }

    private sealed class Work(Action action) : ILoopWork
    {
        public void Run() => action();
    }

    private sealed class Readiness(Action action) : IReadinessHandler
    {
        public void OnReady(LoopReadiness ready) => action();
    }

    private sealed class Flush(Action action) : ILoopBatchFlush
    {
        public void FlushBatch() => action();
    }
}
