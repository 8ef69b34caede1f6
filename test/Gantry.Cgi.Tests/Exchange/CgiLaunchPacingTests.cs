using Gantry.Cgi.Tests.Infrastructure;

namespace Gantry.Cgi.Tests.Exchange;

/// <summary>
/// Launch pacing: no more scripts launching at once than the thread's limit; the rest wait in arrival order and start
/// as slots free. The scripts here wait on a FIFO before writing anything and the clock is fake, so they stay
/// launching until the test lets them go: nothing depends on timing.
/// </summary>
[Collection(CgiProcessCollection.Name)]
public sealed class CgiLaunchPacingTests : CgiLoopTest
{
    private static int LaunchLimit => Math.Max(2, 2 * Environment.ProcessorCount);

    [Fact]
    public void Launch_MoreThanTheLimitAtOnce_RestQueuedThenAllServed()
    {
        Tree.Fifo("gate");
        Tree.Script("cgi/gated.cgi", $"""
            #!/bin/sh
            exec 3<> "{Tree["gate"]}"
            read line <&3
            printf 'Content-Type: text/plain\r\n\r\n%s' "$QUERY_STRING"
            """);
        StartLoop();
        // The test holds the FIFO open for reading and writing, so lines wait in it whoever has it open meanwhile.
        using var gate = new FileStream(Tree["gate"], FileMode.Open, FileAccess.ReadWrite);
        var count = LaunchLimit + 2;

        var responses = Enumerable.Range(0, count).Select(i => Loop.Send(new TestRequest("GET", "/cgi/gated.cgi", $"n={i}"))).ToList();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var seen = (Running: 0, Waiting: 0);
        while ((seen = (Loop.Running, Loop.OnLoop(() => Loop.Cgi.WaitingCount))) != (LaunchLimit, 2))
        {
            Assert.True(clock.Elapsed < Bounded.Bound, $"waited for {LaunchLimit} scripts launching and 2 queued; last seen {seen}");
            Thread.Sleep(5);
        }
        gate.Write(System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("go\n", count))));
        gate.Flush();
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(TestOutcome.Completed, responses[i].Wait());
            Assert.Equal($"n={i}", responses[i].Text);
        }
        Assert.Equal(0, Loop.OnLoop(() => Loop.Cgi.WaitingCount));
        Loop.AssertNothingLeft();
    }

    [Fact]
    public void Launch_QueuedClientLeaves_SkippedAndNothingLeft()
    {
        Tree.Fifo("gate");
        Tree.Script("cgi/gated.cgi", $"""
            #!/bin/sh
            exec 3<> "{Tree["gate"]}"
            read line <&3
            printf 'Content-Type: text/plain\r\n\r\nok'
            """);
        StartLoop();
        using var gate = new FileStream(Tree["gate"], FileMode.Open, FileAccess.ReadWrite);
        var running = Enumerable.Range(0, LaunchLimit).Select(_ => Loop.Send(new TestRequest("GET", "/cgi/gated.cgi"))).ToList();
        var queued = Loop.Send(new TestRequest("GET", "/cgi/gated.cgi"));
        Bounded.Until(() => Loop.OnLoop(() => Loop.Cgi.WaitingCount) == 1, "one request queued");

        queued.ClientLeaves();
        gate.Write(System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("go\n", LaunchLimit))));
        gate.Flush();

        Assert.All(running, response => Assert.Equal(TestOutcome.Completed, response.Wait()));
        Assert.Equal(TestOutcome.Aborted, queued.Wait());
        Loop.AssertNothingLeft();
    }
}
