using Gantry.Application;
using Gantry.Cgi.Tests.Infrastructure;

namespace Gantry.Cgi.Tests.Exchange;

/// <summary>
/// cgi-timeout (an inactivity timeout: each read or write may wait that long) and the client leaving: the script is
/// killed with its whole process group, answered 504 when nothing went out yet, and reaped. Time is the fake clock,
/// moved by the test, except in the one test that checks the real timer.
/// </summary>
[Collection(CgiProcessCollection.Name)]
public sealed class CgiExchangeTimeoutTests : CgiLoopTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Exchange_SilentPastTimeout_504AndProcessGroupKilled()
    {
        Sleeper("cgi/sleeper.cgi");
        StartLoop();
        var response = Loop.Send(new TestRequest("GET", "/cgi/sleeper.cgi"));
        var (script, child) = WaitForPids();
        Loop.Settle();

        Time.Advance(Timeout - TimeSpan.FromSeconds(1));
        Loop.Settle();
        Assert.False(response.Outcome.IsCompleted, "answered before the timeout");

        Time.Advance(TimeSpan.FromSeconds(2));
        Loop.Settle();

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("504 Gateway Timeout", response.Status);
        Assert.Equal("Gateway Timeout", response.Text);
        ProcessState.WaitUntilGone(script, "the script");
        ProcessState.WaitUntilGone(child, "the script's background child");
        var logged = Assert.Single(Loop.Logger.WithEvent(1203));
        Assert.Equal(Tree["cgi/sleeper.cgi"], logged["Script"]);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_ScriptNeitherReadsBodyNorWrites_504AndProcessGroupKilled()
    {
        // The body does not fit in the pipe and the script never reads it: the write waits, and times out like a read.
        Sleeper("cgi/sleeper.cgi");
        StartLoop();
        var response = Loop.Send(new TestRequest("POST", "/cgi/sleeper.cgi") { Body = new byte[1 << 20] });
        var (script, child) = WaitForPids();
        Loop.Settle();

        Time.Advance(Timeout + TimeSpan.FromSeconds(1));
        Loop.Settle();

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("504 Gateway Timeout", response.Status);
        ProcessState.WaitUntilGone(script, "the script");
        ProcessState.WaitUntilGone(child, "the script's background child");
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_SilentPastTimeoutOnRealClock_504WithinBound()
    {
        Sleeper("cgi/sleeper.cgi");
        StartLoop(BaseOptions with { Timeout = 1 }, TimeProvider.System);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var response = Loop.Send(new TestRequest("GET", "/cgi/sleeper.cgi"));

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("504 Gateway Timeout", response.Status);
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(0.9), $"answered after {started.Elapsed.TotalMilliseconds} ms, before the 1 s timeout");
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_SilentPastTimeoutAfterHead_ResponseCutAndGroupKilled()
    {
        Sleeper("cgi/sleeper.cgi", "Content-Type: text/plain\\r\\n\\r\\npartial");
        StartLoop();
        var response = Loop.Send(new TestRequest("GET", "/cgi/sleeper.cgi"));
        var (script, child) = WaitForPids();
        Bounded.Until(() => Loop.OnLoop(() => response.HeadersCommitted), "the head and first bytes to go out");

        Time.Advance(Timeout + TimeSpan.FromSeconds(1));
        Loop.Settle();

        Assert.Equal(TestOutcome.Failed, response.Wait());
        Assert.Equal("200 OK", response.Status);
        Assert.Equal("partial", response.Text);
        ProcessState.WaitUntilGone(script, "the script");
        ProcessState.WaitUntilGone(child, "the script's background child");
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_OutputBeforeEachTimeout_NeverTimesOut()
    {
        // Three gaps of 50 s, 150 s in all: the timeout counts from the last read, not from the start. The FIFO is
        // opened once, read-write, so each gate is one line and a reopen never meets the previous writer.
        Tree.Fifo("gate");
        Tree.Script("cgi/trickle.cgi", $"""
            #!/bin/sh
            exec 3<> "{Tree["gate"]}"
            printf 'Content-Type: text/plain\r\n\r\n'
            for step in one two three; do
              read line <&3
              printf '%s ' "$step"
            done
            """);
        StartLoop();
        var response = Loop.Send(new TestRequest("GET", "/cgi/trickle.cgi"));

        for (var step = 0; step < 3; step++)
        {
            Loop.Settle();
            Time.Advance(TimeSpan.FromSeconds(50));
            Loop.Settle();
            Assert.False(response.Outcome.IsCompleted, $"ended after gap {step + 1}: {response.Status}");
            OpenGate("gate");
            var expected = string.Join(' ', new[] { "one", "two", "three" }.Take(step + 1)) + " ";
            Bounded.Until(() => Loop.OnLoop(() => response.Text) == expected, $"'{expected}' to arrive");
        }

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("200 OK", response.Status);
        Assert.Empty(Loop.Logger.WithEvent(1203));
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_ClientLeaves_ProcessGroupKilledAndReaped()
    {
        Sleeper("cgi/sleeper.cgi");
        StartLoop();
        var response = Loop.Send(new TestRequest("GET", "/cgi/sleeper.cgi"));
        var (script, child) = WaitForPids();
        Loop.Settle();

        Loop.OnLoop(response.ClientLeaves);

        Assert.Equal(TestOutcome.Aborted, response.Wait());
        ProcessState.WaitUntilGone(script, "the script");
        ProcessState.WaitUntilGone(child, "the script's background child");
        Assert.Equal(Tree["cgi/sleeper.cgi"], Assert.Single(Loop.Logger.WithEvent(1205))["Script"]);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_ClientLeavesWhileSuspended_ProcessGroupKilled()
    {
        Tree.Script("cgi/flood.cgi", $"""
            #!/bin/sh
            sleep 1000 &
            echo "$$ $!" > "{Tree["pids.tmp"]}"
            mv "{Tree["pids.tmp"]}" "{Tree["pids"]}"
            printf 'Content-Type: application/octet-stream\r\n\r\n'
            exec cat /dev/zero
            """);
        StartLoop();
        var response = Loop.Send(new TestRequest("GET", "/cgi/flood.cgi"), slowClient: true, autoDrain: false);
        var (script, child) = WaitForPids();
        Assert.True(response.Suspended.WaitOne(Bounded.Bound), "the exchange did not suspend for the slow client");

        Loop.OnLoop(response.ClientLeaves);

        Assert.Equal(TestOutcome.Aborted, response.Wait());
        ProcessState.WaitUntilGone(script, "the script");
        ProcessState.WaitUntilGone(child, "the script's background child");
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_DoNotKillOnError_TimeoutAnsweredButScriptLeftRunning()
    {
        Sleeper("cgi/sleeper.cgi");
        StartLoop(BaseOptions with { DoNotKillOnError = true });
        var response = Loop.Send(new TestRequest("GET", "/cgi/sleeper.cgi"));
        var (script, child) = WaitForPids();
        Loop.Settle();

        Time.Advance(Timeout + TimeSpan.FromSeconds(1));
        Loop.Settle();

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal("504 Gateway Timeout", response.Status);
        Assert.False(ProcessState.IsGone(script), "the script was killed despite cgi-do-not-kill-on-error");
        Assert.Equal(1, Loop.Running);

        Gantry.Posix.Native.LibC.kill(-script, Gantry.Posix.Processes.SignalNumbers.SIGKILL);
        ProcessState.WaitUntilGone(child, "the script's background child");
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_ClientSlowerThanTimeoutAfterScriptFinished_ResponseCompletesWhole()
    {
        // A fixed bug: while the exchange is Suspended (the client holds things up) its timer is cancelled, but
        // OnReady keeps reading the script's output into the buffer and restarts the timer on each read. Once the
        // timeout passes while the client is still slow, the next Resume answers as a timeout: the response is cut
        // (Failed) although the script wrote all of it and exited. Expected: the timeout pauses while the client
        // holds things up (CgiExchange's own summary), so the whole 16 KiB arrive.
        Tree.Fifo("gate");
        Tree.Script("cgi/two-halves.cgi", $"""
            #!/bin/sh
            printf 'Content-Type: application/octet-stream\r\n\r\n'
            head -c 8192 /dev/zero
            read line < "{Tree["gate"]}"
            head -c 8192 /dev/zero
            """);
        StartLoop();
        var response = Loop.Send(new TestRequest("GET", "/cgi/two-halves.cgi"), slowClient: true, autoDrain: false);
        Assert.True(response.Suspended.WaitOne(Bounded.Bound), "the exchange did not suspend for the slow client");

        OpenGate("gate");
        Loop.WaitForReaped();
        Loop.Settle();
        Time.Advance(Timeout + TimeSpan.FromSeconds(1));
        Loop.Settle();
        Loop.OnLoop(response.ClientDrains);

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Equal(16384, response.Body.Length);
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Exchange_ClientSlowWithoutTimePassing_ResponseCompletesWhole()
    {
        // The control for the test above: the same script and slow client, without the clock moving.
        Tree.Fifo("gate");
        Tree.Script("cgi/two-halves.cgi", $"""
            #!/bin/sh
            printf 'Content-Type: application/octet-stream\r\n\r\n'
            head -c 8192 /dev/zero
            read line < "{Tree["gate"]}"
            head -c 8192 /dev/zero
            """);
        StartLoop();
        var response = Loop.Send(new TestRequest("GET", "/cgi/two-halves.cgi"), slowClient: true, autoDrain: false);
        Assert.True(response.Suspended.WaitOne(Bounded.Bound), "the exchange did not suspend for the slow client");

        OpenGate("gate");
        Loop.WaitForReaped();
        Loop.Settle();
        Loop.OnLoop(response.ClientDrains);

        Assert.Equal(TestOutcome.Completed, response.Wait());
        Assert.Contains(ApplicationStep.Suspended, response.Steps);
        Assert.Equal(16384, response.Body.Length);
        Loop.AssertNothingLeft();
    }
}
