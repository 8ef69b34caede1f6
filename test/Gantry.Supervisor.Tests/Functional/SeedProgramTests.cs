using System.Net.Sockets;
using Gantry.Supervisor.Tests.Infrastructure;

namespace Gantry.Supervisor.Tests.Functional;

/// <summary>The seed's [program:prj] running <c>gantry wsgi.ini</c>, driven by Debian's supervisorctl as the seed drives it.</summary>
[Collection(SupervisorCollection.Name)]
public sealed class SeedProgramTests
{
    [Fact]
    public void SeedProgram_UpdateStatusRestart_ServesAndStopsWithQuit()
    {
        var directory = Paths.NewDirectory();
        var port = FreePort();
        File.WriteAllText(Path.Combine(directory, "wsgi.ini"), $"""
            [uwsgi]
            http-socket = 127.0.0.1:{port}
            chdir = {Path.Combine(Paths.Root, "examples")}
            wsgi-file = start.py
            processes = 2
            threads = 2
            """);
        // The seed's section, with its paths moved into the test's folder; user = nobody as the seed's zdimon
        // (a user that is not the supervisor's) when the tests run as root.
        var user = Environment.UserName == "root" ? "user = nobody\n" : "";
        using var run = SupervisorRun.Start($"""
            [program:prj]
            {user}directory = {directory}
            command = {Paths.Binary} {directory}/wsgi.ini
            autostart = true
            autorestart = true
            stderr_logfile ={directory}/uwsgi-err.log
            stdout_logfile ={directory}/uwsgi-out.log
            stopsignal = QUIT
            """, directory: directory);

        var update = run.Ctl("update");
        Assert.Equal(0, update.ExitCode);
        run.WaitForState("prj", "RUNNING");
        var status = run.Ctl("status");
        Assert.Equal(0, status.ExitCode);
        Assert.Matches(@"^prj\s+RUNNING\s+pid \d+, uptime \d+:\d\d:\d\d\n$", status.Output);
        Run.Until(() => Get(port).Contains("200 OK", StringComparison.Ordinal), "the WSGI app behind supervisor to answer");
        if (user.Length > 0)
        {
            var uid = File.ReadAllText($"/proc/{run.PidOf("prj")}/status").Split('\n').First(line => line.StartsWith("Uid:", StringComparison.Ordinal));
            Assert.Equal("65534", uid.Split('\t')[1]);
        }

        var before = run.PidOf("prj");
        var restart = run.Ctl("restart", "prj");
        Assert.Equal(0, restart.ExitCode);
        Assert.Equal("prj: stopped\nprj: started\n", restart.Output);
        Assert.NotEqual(before, run.PidOf("prj"));
        Run.Until(() => Get(port).Contains("200 OK", StringComparison.Ordinal), "the WSGI app to answer after the restart");

        // stopsignal = QUIT is Gantry's (uWSGI's) graceful shutdown: the master exits 0, so supervisord's log says so.
        Assert.Equal(0, run.Ctl("stop", "prj").ExitCode);
        Assert.Contains("stopped: prj (exit status 0)", run.ReadMainLog(), StringComparison.Ordinal);
        Assert.Equal(3, run.Ctl("status", "prj").ExitCode);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Get(int port)
    {
        try
        {
            using var client = new TcpClient("127.0.0.1", port);
            client.ReceiveTimeout = 10_000;
            using var stream = client.GetStream();
            stream.Write("GET / HTTP/1.0\r\nHost: x\r\n\r\n"u8);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (SocketException)
        {
            return "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}
