using System.Diagnostics;
using System.Text;
using Gantry.Posix.Native;
using Gantry.Posix.Processes;

namespace Gantry.Posix.Tests.Infrastructure;

/// <summary>
/// Waits on a child and its output with a bound, so a child that hangs fails its test with a message instead of
/// hanging the run: the child is killed and reaped, and the test fails naming what it waited for.
/// </summary>
internal static unsafe class BoundedWait
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>Waits for <paramref name="pid"/> to end; its status.</summary>
    public static WaitStatus ForExit(int pid)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            int status;
            var result = LibC.waitpid(pid, &status, LibC.WNOHANG);
            if (result == pid)
            {
                return new WaitStatus(status);
            }
            if (result < 0 && LibC.Errno != LibC.EINTR)
            {
                Assert.Fail($"waitpid({pid}) failed: errno {LibC.Errno}");
            }
            if (clock.Elapsed > Bound)
            {
                KillAndReap(pid);
                Assert.Fail($"child {pid} did not exit within {Bound.TotalSeconds} s; killed");
            }
            Thread.Sleep(5);
        }
    }

    /// <summary>Reads <paramref name="fd"/> until end of file; the text. Fails if the writers keep it open past the bound.</summary>
    public static string ReadToEnd(int fd)
    {
        var clock = Stopwatch.StartNew();
        var text = new StringBuilder();
        var buffer = stackalloc byte[4096];
        while (true)
        {
            var remaining = Bound - clock.Elapsed;
            var poll = new PollFd { Fd = fd, Events = LibC.POLLIN };
            var ready = remaining > TimeSpan.Zero ? LibC.poll(&poll, 1, (int)remaining.TotalMilliseconds + 1) : 0;
            if (ready < 0 && LibC.Errno == LibC.EINTR)
            {
                continue;
            }
            Assert.True(ready > 0, $"no end of file on fd {fd} within {Bound.TotalSeconds} s; read so far: '{text}'");
            var count = LibC.read(fd, buffer, 4096);
            if (count == 0)
            {
                return text.ToString();
            }
            if (count < 0)
            {
                Assert.Equal(LibC.EINTR, LibC.Errno);
                continue;
            }
            text.Append(Encoding.UTF8.GetString(buffer, (int)count));
        }
    }

    /// <summary>SIGKILL, then reap (a killed child ends at once).</summary>
    public static void KillAndReap(int pid)
    {
        LibC.kill(pid, SignalNumbers.SIGKILL);
        int status;
        LibC.waitpid(pid, &status, 0);
    }
}
