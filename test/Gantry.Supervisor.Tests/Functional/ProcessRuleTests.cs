using Gantry.Supervisor.Tests.Infrastructure;

namespace Gantry.Supervisor.Tests.Functional;

/// <summary>supervisord's rules with real processes: autorestart, back-off to FATAL, stop signals, numprocs, no orphans.</summary>
[Collection(SupervisorCollection.Name)]
public sealed class ProcessRuleTests
{
    private const string Sleeper = "/bin/sleep 1000";

    [Fact]
    public void KilledWithSigkill_Autorestart_RunsAgainWithNewPid()
    {
        using var run = SupervisorRun.Start($"""
            [program:sleeper]
            command = {Sleeper}
            autorestart = true
            startsecs = 1
            """);
        run.WaitForState("sleeper", "RUNNING");
        var first = run.PidOf("sleeper");
        Native.kill(first, 9);
        Run.Until(() => run.StateOf("sleeper") == "RUNNING" && run.PidOf("sleeper") != first, "sleeper to run again after kill -9");
        Assert.Contains("exited: sleeper (terminated by SIGKILL; not expected)", run.ReadMainLog(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExitsAtOnce_StartRetries2_BackoffThenFatalAfterThreeSpawns()
    {
        using var run = SupervisorRun.Start("""
            [program:broken]
            command = /bin/sh -c "echo failing >&2; exit 3"
            startretries = 2
            startsecs = 1
            """);
        run.WaitForState("broken", "FATAL");
        var log = run.ReadMainLog();
        Assert.Equal(3, log.Split("spawned: 'broken'").Length - 1);
        Assert.Contains("gave up: broken entered FATAL state, too many start retries too quickly", log, StringComparison.Ordinal);
        var status = run.Ctl("status", "broken");
        Assert.Equal(3, status.ExitCode);
        Assert.Contains("Exited too quickly (process log may have details)", status.Output, StringComparison.Ordinal);
        Assert.Contains("failing", run.Ctl("tail", "broken", "stderr").Output, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingCommand_SpawnError_FatalWithSupervisordText()
    {
        using var run = SupervisorRun.Start("""
            [program:ghost]
            command = /nonexistent/program --flag
            startretries = 0
            """);
        run.WaitForState("ghost", "FATAL");
        Assert.Contains("can't find command '/nonexistent/program'", run.Ctl("status", "ghost").Output, StringComparison.Ordinal);
        var start = run.Ctl("start", "ghost");
        Assert.Equal("ghost: ERROR (no such file)\n", start.Output);
        Assert.Equal(1, start.ExitCode);
    }

    [Fact]
    public void StopSignalQuit_ReachesTheProgram_ThatExitsCleanly()
    {
        using var run = SupervisorRun.Start("""
            [program:trap]
            command = /bin/sh -c "trap 'echo got QUIT; exit 0' QUIT; echo ready; while true; do sleep 0.1; done"
            stopsignal = QUIT
            stdout_logfile = {dir}/trap.log
            """);
        run.WaitForState("trap", "RUNNING");
        var stop = run.Ctl("stop", "trap");
        Assert.Equal("trap: stopped\n", stop.Output);
        Assert.Contains("got QUIT", File.ReadAllText(Path.Combine(run.Directory, "trap.log")), StringComparison.Ordinal);
        Assert.Contains("stopped: trap (exit status 0)", run.ReadMainLog(), StringComparison.Ordinal);
    }

    [Fact]
    public void IgnoresStopSignal_StopWaitSecs_EscalatesToSigkill()
    {
        using var run = SupervisorRun.Start("""
            [program:stubborn]
            command = /bin/sh -c "trap '' TERM; while true; do sleep 0.1; done"
            stopwaitsecs = 1
            """);
        run.WaitForState("stubborn", "RUNNING");
        Assert.Equal(0, run.Ctl("stop", "stubborn").ExitCode);
        var log = run.ReadMainLog();
        Assert.Contains("killing 'stubborn'", log, StringComparison.Ordinal);
        Assert.Contains("stopped: stubborn (terminated by SIGKILL)", log, StringComparison.Ordinal);
    }

    [Fact]
    public void StopAsGroup_SignalsTheChildsWholeProcessGroup()
    {
        using var run = SupervisorRun.Start("""
            [program:family]
            command = /bin/sh -c "sleep 1000 & echo $! > {dir}/grandchild.pid; wait"
            stopasgroup = true
            """);
        run.WaitForState("family", "RUNNING");
        var grandchildFile = Path.Combine(run.Directory, "grandchild.pid");
        Run.Until(() => File.Exists(grandchildFile) && File.ReadAllText(grandchildFile).Trim().Length > 0, "the grandchild's pid");
        var grandchild = int.Parse(File.ReadAllText(grandchildFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Native.Alive(grandchild));
        Assert.Equal(0, run.Ctl("stop", "family").ExitCode);
        Run.Until(() => !Native.Alive(grandchild), "the grandchild to end with its group");
    }

    [Fact]
    public void Numprocs_StartsEachProcess_AddressedInTheirGroup()
    {
        using var run = SupervisorRun.Start($"""
            [program:worker]
            command = /bin/sh -c "echo I am %(process_num)d; exec sleep 1000"
            process_name = %(program_name)s_%(process_num)02d
            numprocs = 3
            numprocs_start = 1
            stdout_logfile = {"{dir}"}/worker-%(process_num)d.log
            """);
        foreach (var name in new[] { "worker:worker_01", "worker:worker_02", "worker:worker_03" })
        {
            run.WaitForState(name, "RUNNING");
        }
        Assert.Contains("I am 2", File.ReadAllText(Path.Combine(run.Directory, "worker-2.log")), StringComparison.Ordinal);
        var stop = run.Ctl("stop", "worker:*");
        Assert.Equal(0, stop.ExitCode);
        Assert.Equal(3, stop.Output.Split("stopped").Length - 1);
        Assert.Equal("STOPPED", run.StateOf("worker:worker_02"));
    }

    [Fact]
    public void SupervisorKilledWithSigkill_LeavesNoOrphan()
    {
        var run = SupervisorRun.Start($"""
            [program:a]
            command = {Sleeper}

            [program:b]
            command = {Sleeper}
            """);
        try
        {
            run.WaitForState("a", "RUNNING");
            run.WaitForState("b", "RUNNING");
            var children = new[] { run.PidOf("a"), run.PidOf("b") };
            run.Signal(9);
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(30)));
            Run.Until(() => children.All(pid => !Native.Alive(pid)), "the children to die with their supervisor (parent-death signal)");
        }
        finally
        {
            run.Dispose();
        }
    }

    [Fact]
    public void Sigterm_StopsEveryProgramInReversePriority_AndExits()
    {
        var run = SupervisorRun.Start($"""
            [program:first]
            command = {Sleeper}
            priority = 1

            [program:last]
            command = {Sleeper}
            priority = 900
            """);
        try
        {
            run.WaitForState("first", "RUNNING");
            run.WaitForState("last", "RUNNING");
            var children = new[] { run.PidOf("first"), run.PidOf("last") };
            run.Signal(15);
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(40)));
            Assert.All(children, pid => Assert.False(Native.Alive(pid)));
            var log = run.ReadMainLog();
            Assert.True(log.IndexOf("stopped: last", StringComparison.Ordinal) < log.IndexOf("stopped: first", StringComparison.Ordinal),
                "the higher priority number stops first");
            Assert.False(File.Exists(Path.Combine(run.Directory, "supervisor.sock")));
        }
        finally
        {
            run.Dispose();
        }
    }
}
