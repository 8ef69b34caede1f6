using System.Globalization;
using Gantry.Supervisor.Tests.Infrastructure;

namespace Gantry.Supervisor.Tests.Functional;

/// <summary>
/// [eventlistener:x] pools with a real listener written with supervisor.childutils (Debian's python3-supervisor):
/// the READY/RESULT protocol, PROCESS_STATE payloads for a program killed with -9, FAIL re-delivery, TICK_5, the
/// pool buffer's overflow, PROCESS_COMMUNICATION capture, PROCESS_LOG, REMOTE_COMMUNICATION, and the same listener
/// under Debian's supervisord receiving the same event names, header keys and payload keys.
/// </summary>
[Collection(SupervisorCollection.Name)]
public sealed class EventListenerTests
{
    private const string Victim = """
        [program:victim]
        command = /bin/sleep 1000
        autorestart = true
        """;

    private static string Listener(string directory, string events, string extra = "", int failFirst = 0, string gate = "-", string die = "-") => $"""

        [eventlistener:listener]
        command = {EventLog.Command(directory, failFirst: failFirst, gate: gate, die: die)}
        events = {events}
        stderr_logfile = {directory}/listener.err
        {extra}

        """;

    [Fact]
    public void ProgramKilledWithSigkill_ListenerGetsExitedStartingRunning_WithSupervisordsFields()
    {
        var directory = Paths.NewDirectory();
        using var run = SupervisorRun.Start(Listener(directory, "PROCESS_STATE") + Victim, directory: directory);
        run.WaitForState("victim", "RUNNING");
        Assert.Equal("RUNNING", run.StateOf("listener"));
        var pid = run.PidOf("victim");
        Native.kill(pid, 9);
        Run.Until(() => EventLog.Read(directory).Any(item => item.Name == "PROCESS_STATE_RUNNING" && item.PayloadFields["processname"] == "victim"
            && item.PayloadFields["from_state"] == "STARTING" && item.PayloadFields["pid"] != pid.ToString(CultureInfo.InvariantCulture)),
            "the listener to see victim running again");
        var events = EventLog.Read(directory);
        var exited = Assert.Single(events, item => item.Name == "PROCESS_STATE_EXITED");
        Assert.Equal(new Dictionary<string, string>
        {
            ["processname"] = "victim", ["groupname"] = "victim", ["from_state"] = "RUNNING", ["expected"] = "0", ["pid"] = pid.ToString(CultureInfo.InvariantCulture),
        }, exited.PayloadFields);
        var restarting = events.Last(item => item.Name == "PROCESS_STATE_STARTING" && item.PayloadFields["processname"] == "victim");
        Assert.Equal("EXITED", restarting.PayloadFields["from_state"]);
        Assert.Equal("0", restarting.PayloadFields["tries"]);
        foreach (var item in events)
        {
            Assert.Equal("3.0", item.Headers["ver"]);
            Assert.Equal("supervisor", item.Headers["server"]);
            Assert.Equal("listener", item.Headers["pool"]);
            Assert.Equal(item.Payload.Length.ToString(CultureInfo.InvariantCulture), item.Headers["len"]);
        }
        // Serials grow; the pool serial counts this pool's events from 0.
        Assert.Equal(Enumerable.Range(0, events.Count).Select(n => n.ToString(CultureInfo.InvariantCulture)), events.Select(item => item.Headers["poolserial"]));
        Assert.True(events.Select(item => item.Serial).SequenceEqual(events.Select(item => item.Serial).Order()));
    }

    [Fact]
    public void ListenerAnswersFail_EventIsDeliveredAgain_UntilOk()
    {
        var directory = Paths.NewDirectory();
        using var run = SupervisorRun.Start(Listener(directory, "PROCESS_STATE_RUNNING", failFirst: 2) + """
            [program:worker]
            command = /bin/sleep 1000
            startsecs = 3
            """, directory: directory);
        run.WaitForState("worker", "RUNNING");
        Run.Until(() => EventLog.Read(directory).Any(item => item.PayloadFields["processname"] == "worker"), "worker's RUNNING event");
        // The first event (the listener's own RUNNING) is refused twice, delivered a third time, then the next one.
        var events = EventLog.Read(directory);
        Assert.Equal(4, events.Count);
        Assert.Single(events.Take(3).Select(item => (item.Serial, item.Headers["poolserial"], item.Payload)).Distinct());
        Assert.Equal("listener", events[0].PayloadFields["processname"]);
        Assert.Equal(("worker", events[0].Serial + 1), (events[3].PayloadFields["processname"], events[3].Serial));
        Assert.Equal(2, run.ReadMainLog().Split("listener: event was rejected").Length - 1);
    }

    [Fact]
    public void ListenerDiesWhileBusy_IsRestarted_AndGetsTheSameEventAgain()
    {
        var directory = Paths.NewDirectory();
        using var run = SupervisorRun.Start(Listener(directory, "PROCESS_STATE_RUNNING", "autorestart = true", die: Path.Combine(directory, "died")) + """
            [program:worker]
            command = /bin/sleep 1000
            startsecs = 3
            """, directory: directory);
        Run.Until(() => EventLog.Read(directory).Any(item => item.PayloadFields["processname"] == "worker"), "worker's RUNNING event");
        var events = EventLog.Read(directory);
        // The listener's first RUNNING event: received, the listener died; received again by the restarted listener.
        Assert.Equal((events[0].Serial, events[0].Payload), (events[1].Serial, events[1].Payload));
        Assert.Equal("listener", events[0].PayloadFields["processname"]);
        Assert.Contains("exited: listener (exit status 1; not expected)", run.ReadMainLog(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tick5_ArrivesOnTheFiveSecondBoundary()
    {
        var directory = Paths.NewDirectory();
        using var run = SupervisorRun.Start(Listener(directory, "TICK_5"), directory: directory);
        Run.Until(() => EventLog.Read(directory).Count >= 2, "two TICK_5 events", TimeSpan.FromSeconds(40));
        var ticks = EventLog.Read(directory);
        Assert.All(ticks, tick => Assert.Equal("TICK_5", tick.Name));
        var whens = ticks.Select(tick => long.Parse(tick.PayloadFields["when"], CultureInfo.InvariantCulture)).ToList();
        Assert.All(whens, when => Assert.Equal(0, when % 5));
        Assert.True(whens[1] > whens[0]);
    }

    [Fact]
    public void ListenerNotReady_BufferOverflows_OldestDiscardedAndLogged()
    {
        var directory = Paths.NewDirectory();
        var gate = Path.Combine(directory, "go");
        var programs = string.Concat(Enumerable.Range(0, 4).Select(n => $"""

            [program:p{n}]
            command = /bin/sleep 1000
            startsecs = 0

            """));
        using var run = SupervisorRun.Start(Listener(directory, "PROCESS_STATE", "buffer_size = 2", gate: gate) + programs, directory: directory);
        Run.Until(() => run.ReadMainLog().Contains("pool listener event buffer overflowed, discarding event 0", StringComparison.Ordinal), "the overflow of the pool's buffer");
        run.WaitForState("p3", "RUNNING");
        File.WriteAllText(gate, "");
        Run.Until(() => EventLog.Read(directory).Count >= 2, "the buffered events after the listener became ready");
        var discarded = run.ReadMainLog().Split('\n')
            .Where(line => line.Contains("event buffer overflowed, discarding event ", StringComparison.Ordinal))
            .Select(line => int.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)).ToHashSet();
        var received = EventLog.Read(directory);
        Assert.DoesNotContain(received, item => discarded.Contains(item.Serial));
        Assert.Contains(0, discarded);
        Assert.True(received[0].Serial > 0);
    }

    [Fact]
    public void CaptureMode_ProcessCommunicationStdout_CarriesTheTextBetweenTheTokens()
    {
        var directory = Paths.NewDirectory();
        using var run = SupervisorRun.Start(Listener(directory, "PROCESS_COMMUNICATION") + """
            [program:talker]
            command = /bin/sh -c "printf 'before <!--XSUPERVISOR:BEGIN-->hello from talker<!--XSUPERVISOR:END--> after, a tail longer than the begin token\n'; exec sleep 1000"
            stdout_capture_maxbytes = 1MB
            stdout_logfile = {dir}/talker.log
            """, directory: directory);
        Run.Until(() => EventLog.Read(directory).Count >= 1, "the communication event");
        var item = Assert.Single(EventLog.Read(directory));
        Assert.Equal("PROCESS_COMMUNICATION_STDOUT", item.Name);
        Assert.Equal("hello from talker", item.Body);
        Assert.Equal(["processname", "groupname", "pid"], item.PayloadFields.Keys);
        Assert.Equal(run.PidOf("talker").ToString(CultureInfo.InvariantCulture), item.PayloadFields["pid"]);
        // supervisord keeps output no longer than a token pending, so the tail is longer than one.
        Run.Until(() => File.ReadAllText(Path.Combine(directory, "talker.log")).Contains("after", StringComparison.Ordinal), "the rest of talker's line in its log");
        var log = File.ReadAllText(Path.Combine(directory, "talker.log"));
        Assert.Equal("before  after, a tail longer than the begin token\n", log);
    }

    [Fact]
    public void LogEventsAndRemoteCommunication_ReachTheListener()
    {
        var directory = Paths.NewDirectory();
        using var run = SupervisorRun.Start(Listener(directory, "PROCESS_LOG,REMOTE_COMMUNICATION,PROCESS_GROUP") + """
            [program:chatty]
            command = /bin/sh -c "echo out-line; echo err-line >&2; exec sleep 1000"
            stdout_events_enabled = true
            stderr_events_enabled = true
            """, directory: directory);
        Run.Until(() => EventLog.Read(directory).Count(item => item.Name.StartsWith("PROCESS_LOG_", StringComparison.Ordinal)) >= 2, "both log events");
        var send = Run.Command("/usr/bin/python3", "-c", $"""
            import xmlrpc.client
            from supervisor.xmlrpc import SupervisorTransport
            proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", transport=SupervisorTransport(None, None, "unix://{directory}/supervisor.sock"))
            print(proxy.supervisor.sendRemoteCommEvent("greeting", "hello remote"))
            """);
        Assert.Equal("True\n", send.Output);
        Run.Until(() => EventLog.Read(directory).Any(item => item.Name == "REMOTE_COMMUNICATION"), "the remote communication event");
        var events = EventLog.Read(directory);
        var stdout = Assert.Single(events, item => item.Name == "PROCESS_LOG_STDOUT");
        Assert.Equal("out-line\n", stdout.Body);
        Assert.Equal(["processname", "groupname", "pid", "channel"], stdout.PayloadFields.Keys);
        Assert.Equal("stdout", stdout.PayloadFields["channel"]);
        Assert.Equal("err-line\n", Assert.Single(events, item => item.Name == "PROCESS_LOG_STDERR").Body);
        var remote = Assert.Single(events, item => item.Name == "REMOTE_COMMUNICATION");
        Assert.Equal("type:greeting\nhello remote", remote.Payload);
        Assert.Contains(events, item => item.Name == "PROCESS_GROUP_ADDED" && item.Payload == "groupname:chatty\n");
    }

    [Fact]
    public void SameListener_UnderDebianSupervisord_GetsTheSameEventNamesAndKeys()
    {
        var real = Transcript(real: true);
        var ours = Transcript(real: false);
        Assert.Equal(real, ours);
    }

    /// <summary>Start, kill -9 and autorestart, stop: victim's events as (name, header keys, payload keys), in order.</summary>
    private static List<string> Transcript(bool real)
    {
        var directory = Paths.NewDirectory();
        using var run = SupervisorRun.Start(Listener(directory, "PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE") + Victim, real, directory);
        run.WaitForState("victim", "RUNNING");
        var pid = run.PidOf("victim");
        Native.kill(pid, 9);
        Run.Until(() => run.StateOf("victim") == "RUNNING" && run.PidOf("victim") != pid, "victim to run again");
        Assert.Equal("victim: stopped\n", run.Ctl("stop", "victim").Output);
        Run.Until(() => EventLog.Read(directory).Any(item => item.Name == "PROCESS_STATE_STOPPED" && item.Payload.Contains("processname:victim", StringComparison.Ordinal)),
            "the listener to see victim stopped");
        var events = EventLog.Read(directory);
        var victim = events.Where(item => item.PayloadFields.GetValueOrDefault("processname") == "victim")
            .Select(item => $"{item.Name} [{string.Join(' ', item.Headers.Keys.Order(StringComparer.Ordinal))}] [{string.Join(' ', item.PayloadFields.Keys)}] from {item.PayloadFields["from_state"]}");
        var names = events.Select(item => item.Name).Distinct().Order(StringComparer.Ordinal).Select(name => "seen " + name);
        return [.. victim, .. names];
    }
}
