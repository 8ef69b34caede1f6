using Gantry.Supervisor.Tests.Infrastructure;

namespace Gantry.Supervisor.Tests.Functional;

/// <summary>
/// <c>gantry ctl tail -f</c>, <c>maintail [-f]</c> and <c>fg</c> against Gantry's supervisor and Debian's supervisord,
/// beside Debian's supervisorctl doing the same: lines written after the client started reach it, SIGINT ends it
/// with exit 0 and what supervisorctl prints, fg forwards a typed line to a cat and shows its echo.
/// </summary>
[Collection(SupervisorCollection.Name)]
public sealed class CtlFollowTests
{
    private const string Programs = """
        [program:talker]
        command = /usr/bin/tail -n0 -F {dir}/input
        stdout_logfile = {dir}/talker.log

        [program:echo]
        command = /bin/cat
        stdout_logfile = {dir}/echo.log

        [program:manual]
        command = /bin/sleep 1000
        autostart = false
        """;

    public static TheoryData<bool, bool> Pairs => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    /// <summary>supervisorctl's fg leaves only when its asyncore thread's 30 s select times out after Ctrl-C or end of
    /// input (measured: 29.6 s), so it is run once, against Gantry's supervisor; gantry ctl leaves at once.</summary>
    public static TheoryData<bool, bool> FgPairs => new() { { false, false }, { false, true }, { true, false } };

    private static Following Client(SupervisorRun run, bool supervisorctl, params string[] command) => supervisorctl
        ? new Following(Run.RequireTool("supervisorctl"), ["-c", run.Config, .. command])
        : new Following(Paths.Binary, ["ctl", "-c", run.Config, .. command]);

    private static SupervisorRun Started(bool realSupervisord)
    {
        var directory = Paths.NewDirectory();
        File.WriteAllText(Path.Combine(directory, "input"), "");
        var run = SupervisorRun.Start(Programs, realSupervisord, directory);
        run.WaitForState("talker", "RUNNING");
        run.WaitForState("echo", "RUNNING");
        return run;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void TailF_SeesLinesWrittenAfterItStarted_SigintEndsItWithExitZero(bool realSupervisord, bool supervisorctl)
    {
        using var run = Started(realSupervisord);
        File.AppendAllText(Path.Combine(run.Directory, "input"), "before\n");
        Run.Until(() => run.Ctl("tail", "talker").Output.Contains("before", StringComparison.Ordinal), "the first line in the log");
        using var tail = Client(run, supervisorctl, "tail", "-f", "talker");
        tail.WaitFor("before\n");
        File.AppendAllText(Path.Combine(run.Directory, "input"), "after one\nafter two\n");
        tail.WaitFor("after two\n");
        Assert.Equal(0, tail.Interrupt());
        Assert.Equal("==> Press Ctrl-C to exit <==\nbefore\nafter one\nafter two\n\n", tail.Output);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void MaintailF_SeesTheMainLogGrow_SigintEndsItWithExitZero(bool realSupervisord, bool supervisorctl)
    {
        using var run = Started(realSupervisord);
        using var tail = Client(run, supervisorctl, "maintail", "-f");
        tail.WaitFor("==> Press Ctrl-C to exit <==\n");
        Assert.Equal("manual: started\n", run.Ctl("start", "manual").Output);
        tail.WaitFor("spawned: 'manual'");
        Assert.Equal(0, tail.Interrupt());
        Assert.EndsWith("\n\n", tail.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Maintail_PrintsWhatSupervisorctlPrints(bool realSupervisord)
    {
        using var run = Started(realSupervisord);
        foreach (var command in (string[][])[["maintail"], ["maintail", "-100"]])
        {
            var theirs = run.Ctl(command);
            var ours = run.GantryCtl(command);
            Assert.Equal((theirs.ExitCode, theirs.Output), (ours.ExitCode, ours.Output));
        }
        Assert.Contains("spawned: 'echo'", run.GantryCtl("maintail").Output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FgPairs))]
    public void Fg_ForwardsATypedLineToCat_ShowsItsEcho_SigintLeavesItRunning(bool realSupervisord, bool supervisorctl)
    {
        using var run = Started(realSupervisord);
        var pid = run.PidOf("echo");
        using var fg = Client(run, supervisorctl, "fg", "echo");
        fg.WaitFor("==> Press Ctrl-C to exit <==\n");
        fg.Send("hello from fg");
        fg.WaitFor("hello from fg\n");
        Assert.Equal(0, fg.Interrupt());
        Assert.Equal("==> Press Ctrl-C to exit <==\nhello from fg\nExiting foreground\n", fg.Output);
        Assert.Equal("RUNNING", run.StateOf("echo"));
        Assert.Equal(pid, run.PidOf("echo"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fg_EndOfInputLeaves_ALineAfterTheProcessStoppedSaysItGotKilled(bool realSupervisord)
    {
        using var run = Started(realSupervisord);
        using (var fg = Client(run, supervisorctl: false, "fg", "echo"))
        {
            fg.WaitFor("==> Press Ctrl-C to exit <==\n");
            fg.CloseInput();
            Assert.Equal(0, fg.Exit());
            Assert.EndsWith("Exiting foreground\n", fg.Output, StringComparison.Ordinal);
        }
        using var again = Client(run, supervisorctl: false, "fg", "echo");
        again.WaitFor("==> Press Ctrl-C to exit <==\n");
        Assert.Equal("echo: stopped\n", run.Ctl("stop", "echo").Output);
        again.Send("too late");
        Assert.Equal(0, again.Exit());
        Assert.EndsWith("Process got killed\nExiting foreground\n", again.Output, StringComparison.Ordinal);
    }
}
