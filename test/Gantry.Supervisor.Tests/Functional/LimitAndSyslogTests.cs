using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Gantry.Supervisor.Tests.Infrastructure;

namespace Gantry.Supervisor.Tests.Functional;

/// <summary>minfds/minprocs raise the limits or refuse to start, as supervisord; <c>stdout_syslog</c> reaches syslog in
/// supervisord's format (both supervisors side by side on a /dev/log the test binds).</summary>
[Collection(SupervisorCollection.Name)]
public sealed partial class LimitAndSyslogTests
{
    [Fact]
    public void Minfds_AboveTheSoftLimit_IsRaised_AndTheProgramInheritsIt()
    {
        var directory = Paths.NewDirectory();
        using var run = SupervisorRun.Start("""
            [program:limits]
            command = /bin/sh -c "ulimit -n; exec sleep 1000"
            stdout_logfile = {dir}/limits.log
            """, directory: directory, headerExtra: "minfds = 4096", prefix: [Run.RequireTool("prlimit"), "--nofile=256:", "--"]);
        Run.Until(() => File.Exists(Path.Combine(directory, "limits.log")) && File.ReadAllText(Path.Combine(directory, "limits.log")).Length > 0, "the program's ulimit -n");
        Assert.Equal("4096\n", File.ReadAllText(Path.Combine(directory, "limits.log")));
        Assert.Contains("INFO Increased RLIMIT_NOFILE limit to 4096", run.ReadMainLog(), StringComparison.Ordinal);
    }

    [Fact]
    public void Minfds_BeyondWhatTheKernelAllows_RefusesToStart_AsSupervisord()
    {
        var ours = Refusal(real: false);
        var theirs = Refusal(real: true);
        Assert.Equal(2, ours.ExitCode);
        Assert.Equal(theirs.ExitCode, ours.ExitCode);
        const string Expected = "Error: The minimum number of file descriptors required to run this process is 100000000 as per the \"minfds\" command-line argument or config file setting.";
        Assert.StartsWith(Expected, ours.Error, StringComparison.Ordinal);
        Assert.StartsWith(Expected, theirs.Error, StringComparison.Ordinal);
    }

    private static RunResult Refusal(bool real)
    {
        var directory = Paths.NewDirectory();
        try
        {
            var config = Path.Combine(directory, "supervisord.conf");
            File.WriteAllText(config, SupervisorRun.Header(directory, "minfds = 100000000") + "[program:x]\ncommand = /bin/sleep 1000\n");
            return real ? Run.Command(Run.RequireTool("supervisord"), "-n", "-c", config) : Run.Command(Paths.Binary, "supervise", "-n", "-c", config);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void StdoutSyslog_LinesReachSyslog_InSupervisordsFormat()
    {
        if (File.Exists("/dev/log") || Directory.Exists("/dev/log"))
        {
            throw new InvalidOperationException("/dev/log exists (a syslog daemon runs): this test binds /dev/log itself to read what reaches it; run it where no syslog daemon runs");
        }
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint("/dev/log"));
        try
        {
            var ours = Lines(socket, real: false);
            var theirs = Lines(socket, real: true);
            Assert.Equal(["<14>TIME supervisord: sayer first line", "<14>TIME supervisord: sayer second line"], ours);
            Assert.Equal(theirs, ours);
        }
        finally
        {
            File.Delete("/dev/log");
        }
    }

    private static List<string> Lines(Socket socket, bool real)
    {
        var directory = Paths.NewDirectory();
        var lines = new List<string>();
        using (var run = SupervisorRun.Start("""
            [program:sayer]
            command = /bin/sh -c "printf 'first line\nsecond line\n'; exec sleep 1000"
            stdout_syslog = true
            stdout_logfile = NONE
            """, real, directory))
        {
            var buffer = new byte[4096];
            socket.ReceiveTimeout = (int)Run.Bound.TotalMilliseconds;
            while (lines.Count < 2)
            {
                var count = socket.Receive(buffer);
                var text = Stamp().Replace(Encoding.UTF8.GetString(buffer, 0, count), "TIME");
                if (text.Contains("sayer", StringComparison.Ordinal))
                {
                    lines.Add(text);
                }
            }
        }
        return lines;
    }

    [GeneratedRegex(@"[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d")]
    private static partial Regex Stamp();
}
