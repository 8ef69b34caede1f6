using Gantry.Supervisor.Tests.Infrastructure;

namespace Gantry.Supervisor.Tests.Functional;

/// <summary>supervisorctl's commands against Gantry's supervisor: update after edits, logs, signals, groups, auth.</summary>
[Collection(SupervisorCollection.Name)]
public sealed class ControlTests
{
    [Fact]
    public void UpdateAfterEdit_AddsChangesAndRemovesGroups()
    {
        using var run = SupervisorRun.Start("""
            [program:keep]
            command = /bin/sleep 1000

            [program:change]
            command = /bin/sleep 1000

            [program:drop]
            command = /bin/sleep 1000
            """);
        run.WaitForState("change", "RUNNING");
        run.WaitForState("drop", "RUNNING");
        var oldChange = run.PidOf("change");
        var keep = run.PidOf("keep");
        File.WriteAllText(run.Config, SupervisorRun.Header(run.Directory) + """
            [program:keep]
            command = /bin/sleep 1000

            [program:change]
            command = /bin/sleep 2000

            [program:fresh]
            command = /bin/sleep 1000
            """);
        var reread = run.Ctl("reread");
        Assert.Equal("change: changed\ndrop: disappeared\nfresh: available\n", reread.Output);
        var update = run.Ctl("update");
        Assert.Equal(0, update.ExitCode);
        Assert.Contains("drop: removed process group", update.Output, StringComparison.Ordinal);
        Assert.Contains("change: updated process group", update.Output, StringComparison.Ordinal);
        Assert.Contains("fresh: added process group", update.Output, StringComparison.Ordinal);
        run.WaitForState("fresh", "RUNNING");
        run.WaitForState("change", "RUNNING");
        Assert.NotEqual(oldChange, run.PidOf("change"));
        Assert.Equal(keep, run.PidOf("keep"));
        Assert.Contains("drop: ERROR (no such process)", run.Ctl("status", "drop").Output, StringComparison.Ordinal);
        Assert.Equal("No config updates to processes\n", run.Ctl("reread").Output);
    }

    [Fact]
    public void AvailRemoveAdd_GroupComesBack()
    {
        using var run = SupervisorRun.Start("""
            [program:one]
            command = /bin/sleep 1000
            autostart = false
            """);
        Assert.Matches(@"^one\s+in use\s+manual\s+999:999\n$", run.Ctl("avail").Output);
        Assert.Contains("Not started", run.Ctl("status", "one").Output, StringComparison.Ordinal);
        Assert.Equal("one: removed process group\n", run.Ctl("remove", "one").Output);
        Assert.Matches(@"^one\s+avail\s+manual\s+999:999\n$", run.Ctl("avail").Output);
        Assert.Equal("one: added process group\n", run.Ctl("add", "one").Output);
        Assert.Equal("one: started\n", run.Ctl("start", "one").Output);
        var remove = run.Ctl("remove", "one");
        Assert.Equal("ERROR: process/group still running: one\n", remove.Output);
        Assert.Equal(1, remove.ExitCode);
    }

    [Fact]
    public void TailFollowsAndClearEmpties_TheProgramLog()
    {
        using var run = SupervisorRun.Start("""
            [program:talker]
            command = /bin/sh -c "i=0; while true; do i=$((i+1)); echo line $i; sleep 0.2; done"
            stdout_logfile = {dir}/talker.log
            """);
        run.WaitForState("talker", "RUNNING");
        Run.Until(() => run.Ctl("tail", "talker").Output.Contains("line 3", StringComparison.Ordinal), "three lines in the log");
        var follow = Run.Command("/usr/bin/timeout", "3", Run.RequireTool("supervisorctl"), "-c", run.Config, "tail", "-f", "talker");
        Assert.Contains("==> Press Ctrl-C to exit <==", follow.Output, StringComparison.Ordinal);
        var lines = follow.Output.Split('\n').Count(line => line.StartsWith("line ", StringComparison.Ordinal));
        Assert.True(lines >= 5, $"tail -f followed the log for 3 s: {follow.Output}");
        Assert.Equal("talker: cleared\n", run.Ctl("clear", "talker").Output);
        Assert.DoesNotContain("line 1\n", File.ReadAllText(Path.Combine(run.Directory, "talker.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void LogRotation_MaxbytesAndBackups_KeepsTwoBackups()
    {
        using var run = SupervisorRun.Start("""
            [program:chatty]
            command = /bin/sh -c "i=0; while [ $i -lt 200 ]; do i=$((i+1)); echo 0123456789012345678901234567890123456789 $i; sleep 0.01; done; exec sleep 1000"
            stdout_logfile = {dir}/chatty.log
            stdout_logfile_maxbytes = 2KB
            stdout_logfile_backups = 2
            """);
        run.WaitForState("chatty", "RUNNING");
        var log = Path.Combine(run.Directory, "chatty.log");
        Run.Until(() => File.Exists(log + ".2"), "the second backup");
        Assert.True(File.Exists(log + ".1"));
        Assert.False(File.Exists(log + ".3"));
        Assert.True(new FileInfo(log + ".1").Length >= 2048);
        Assert.True(new FileInfo(log).Length < 2048 + 64);
    }

    [Fact]
    public void SignalPidAndShutdown_AsSupervisorctlExpects()
    {
        var run = SupervisorRun.Start("""
            [program:hup]
            command = /bin/sh -c "trap 'echo got HUP' HUP; while true; do sleep 0.1; done"
            stdout_logfile = {dir}/hup.log
            """);
        try
        {
            run.WaitForState("hup", "RUNNING");
            Assert.Equal(run.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n", run.Ctl("pid").Output);
            Assert.Equal("hup: signalled\n", run.Ctl("signal", "HUP", "hup").Output);
            var hupLog = Path.Combine(run.Directory, "hup.log");
            Run.Until(() => File.Exists(hupLog) && File.ReadAllText(hupLog).Contains("got HUP", StringComparison.Ordinal), "the HUP to reach the program");
            var bad = run.Ctl("signal", "NOPE", "hup");
            Assert.Equal("hup: ERROR (bad signal name)\n", bad.Output);
            Assert.Equal(1, bad.ExitCode);
            var child = run.PidOf("hup");
            Assert.Equal("Shut down\n", run.Ctl("shutdown").Output);
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(40)));
            Assert.False(Native.Alive(child));
        }
        finally
        {
            run.Dispose();
        }
    }

    [Fact]
    public void InetServerWithPassword_RefusesWrongCredentials()
    {
        var port = System.Net.Sockets.TcpListener.Create(0) is var listener ? Bound(listener) : 0;
        using var run = SupervisorRun.Start($"""
            [inet_http_server]
            port = 127.0.0.1:{port}
            username = admin
            password = s3cret

            [program:x]
            command = /bin/sleep 1000
            """);
        var url = $"http://127.0.0.1:{port}";
        var good = Run.Command(Run.RequireTool("supervisorctl"), "-s", url, "-u", "admin", "-p", "s3cret", "status", "x");
        Assert.Matches(@"^x\s+(STARTING|RUNNING)", good.Output);
        var wrong = Run.Command(Run.RequireTool("supervisorctl"), "-s", url, "-u", "admin", "-p", "wrong", "status", "x");
        Assert.Contains("Server requires authentication", wrong.Output, StringComparison.Ordinal);
    }

    private static int Bound(System.Net.Sockets.TcpListener listener)
    {
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
