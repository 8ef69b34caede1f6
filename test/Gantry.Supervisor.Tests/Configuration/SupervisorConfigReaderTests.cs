using Gantry.Supervisor.Configuration;

namespace Gantry.Supervisor.Tests.Configuration;

public sealed class SupervisorConfigReaderTests : IDisposable
{
    private readonly string _directory = Infrastructure.Paths.NewDirectory();

    private SupervisorConfig Read(string text, Dictionary<string, string>? environment = null)
    {
        var file = Path.Combine(_directory, "supervisord.conf");
        File.WriteAllText(file, "[supervisord]\n" + text);
        return new SupervisorConfigReader(environment ?? [], _directory).Read(file);
    }

    private SupervisorConfigException Error(string text) => Assert.Throws<SupervisorConfigException>(() => Read(text));

    [Fact]
    public void Program_Defaults_AreSupervisords()
    {
        var process = Read("[program:x]\ncommand = /bin/true\n").Groups.Single().Processes.Single();
        Assert.Equal(("x", 999, true, 1, 3, AutoRestart.Unexpected), (process.Name, process.Priority, process.Autostart, process.StartSeconds, process.StartRetries, process.AutoRestart));
        Assert.Equal([0], process.ExitCodes);
        Assert.Equal((15, 10, false, false), (process.StopSignal, process.StopWaitSeconds, process.StopAsGroup, process.KillAsGroup));
        Assert.True(process.Stdout.Automatic);
        Assert.Equal((50L * 1024 * 1024, 10), (process.Stdout.MaxBytes, process.Stdout.Backups));
    }

    [Fact]
    public void Expansions_EnvHereProgramNameProcessNum_AreReplaced()
    {
        var config = Read("""
            [program:web]
            command = /bin/echo %(ENV_GREETING)s %(here)s %(program_name)s %(process_num)02d %%
            process_name = %(program_name)s-%(process_num)d
            numprocs = 2
            environment = A="one two",B=%(process_num)d
            """, new() { ["GREETING"] = "hi" });
        var processes = config.Groups.Single().Processes;
        Assert.Equal(["web-0", "web-1"], processes.Select(process => process.Name));
        Assert.Equal($"/bin/echo hi {_directory} web 01 %", processes[1].Command);
        Assert.Equal([new("A", "one two"), new("B", "1")], processes[1].Environment);
    }

    [Fact]
    public void EventListener_Defaults_PriorityMinusOne_BufferTen_EventsUpperCasedOnce()
    {
        var pool = Read("[eventlistener:watch]\ncommand = /bin/cat\nevents = process_state, TICK_5,PROCESS_STATE\n").Groups.Single();
        Assert.Equal(("watch", -1, 10), (pool.Name, pool.Priority, pool.BufferSize));
        Assert.Equal(["PROCESS_STATE", "TICK_5"], pool.Events);
    }

    [Theory]
    [InlineData("events = PROCESS_STATE\nredirect_stderr = true", "redirect_stderr", "will interfere with the eventlistener protocol")]
    [InlineData("events = PROCESS_STATE\nresult_handler = mymodule:handler", "result_handler", "supervisor.dispatchers:default_handler")]
    [InlineData("events = PROCESS_STATE\nbuffer_size = 0", "buffer_size", "invalid buffer_size (0)")]
    [InlineData("events = NOT_AN_EVENT", "events", "Unknown event type NOT_AN_EVENT")]
    [InlineData("numprocs = 1", "events", "requires an \"events\" line")]
    public void EventListener_BadSetting_NamesTheKey(string lines, string key, string text)
    {
        var error = Error("[eventlistener:watch]\ncommand = /bin/cat\n" + lines + "\n");
        Assert.Equal(key, error.Key);
        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EventListener_DefaultResultHandler_IsAccepted()
    {
        var pool = Read("[eventlistener:watch]\ncommand = /bin/cat\nevents = TICK_60\nresult_handler = supervisor.dispatchers:default_handler\n").Groups.Single();
        Assert.Equal(["TICK_60"], pool.Events);
    }

    [Fact]
    public void UnknownKey_NamesFileLineAndNearestKey()
    {
        var error = Error("[program:x]\ncommand = /bin/true\nstopsignl = QUIT\n");
        Assert.Equal(4, error.Line);
        Assert.Equal("stopsignl", error.Key);
        Assert.Contains("did you mean 'stopsignal'?", error.Message, StringComparison.Ordinal);
        Assert.Contains("supervisord.conf:4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("autorestart = sometimes", "autorestart")]
    [InlineData("stopsignal = NOPE", "stopsignal")]
    [InlineData("startsecs = soon", "startsecs")]
    [InlineData("stopasgroup = true\nkillasgroup = false", "killasgroup")]
    [InlineData("numprocs = 2", "process_name")]
    [InlineData("command = /bin/%(nope)s", "command")]
    [InlineData("exitcodes = 0,300", "exitcodes")]
    [InlineData("environment = A", "environment")]
    public void BadValue_NamesTheKey(string line, string key)
    {
        var text = line.StartsWith("command", StringComparison.Ordinal) ? $"[program:x]\n{line}\n" : $"[program:x]\ncommand = /bin/true\n{line}\n";
        Assert.Equal(key, Error(text).Key);
    }

    [Fact]
    public void GroupsAndIncludes_GlobRelativeToTheFile()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "conf.d"));
        File.WriteAllText(Path.Combine(_directory, "conf.d", "a.conf"), "[program:a]\ncommand = /bin/true\npriority = 5\n");
        File.WriteAllText(Path.Combine(_directory, "conf.d", "b.conf"), "[program:b]\ncommand = /bin/true\n");
        File.WriteAllText(Path.Combine(_directory, "conf.d", "c.txt"), "[program:c]\ncommand = /bin/true\n");
        var config = Read("[include]\nfiles = conf.d/*.conf\n\n[group:both]\nprograms = a,b\npriority = 10\n");
        var group = config.Groups.Single();
        Assert.Equal("both", group.Name);
        Assert.Equal(["a", "b"], group.Processes.Select(process => process.Name));
    }

    [Fact]
    public void MissingSupervisordSection_IsAnError()
    {
        var file = Path.Combine(_directory, "x.conf");
        File.WriteAllText(file, "[program:x]\ncommand=/bin/true\n");
        var error = Assert.Throws<SupervisorConfigException>(() => new SupervisorConfigReader(new Dictionary<string, string>(), _directory).Read(file));
        Assert.Contains("supervisord section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServersAndClient_AreRead()
    {
        var config = Read("""
            [unix_http_server]
            file = %(here)s/s.sock
            chmod = 0770
            username = u
            password = {SHA}abc

            [inet_http_server]
            port = 127.0.0.1:9001

            [supervisorctl]
            serverurl = unix://%(here)s/s.sock
            """);
        Assert.Equal((Path.Combine(_directory, "s.sock"), 0x1f8, "u"), (config.UnixServer!.UnixPath, config.UnixServer.Chmod, config.UnixServer.Username));
        Assert.Equal("127.0.0.1:9001", config.InetServer!.TcpAddress);
        Assert.Equal($"unix://{_directory}/s.sock", config.Client.ServerUrl);
    }

    [Fact]
    public void ShellWords_SplitAsShlex()
    {
        Assert.Equal(["a", "b c", "d'e", "f\"g", "h i"], ShellWords.Split("a 'b c' \"d'e\" f\\\"g h\\ i"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
