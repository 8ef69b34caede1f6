using System.Globalization;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Master;

namespace Gantry.FunctionalTests.Logging;

/// <summary>
/// <c>daemonize</c> and <c>daemonize2</c>: the command returns, a detached gantry (another process, its own session)
/// serves and logs to the file, the pid file names it, and SIGINT to that pid stops it (with --vacuum the pid file
/// goes too). daemonize2's command returns only once the daemon serves, and with the daemon's exit code if it fails.
/// The same with python-host = executable, where the Python-bearing process is /usr/bin/python3.X.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class DaemonizeTests
{
    [Theory]
    [InlineData("--daemonize", false, "library")]
    [InlineData("--daemonize", true, "library")]
    [InlineData("--daemonize2", true, "library")]
    [InlineData("--daemonize", false, "executable")]
    [InlineData("--daemonize2", true, "executable")]
    public async Task Daemonize_CommandReturnsZero_DetachedDaemonServesLogsAndStopsOnSigint(string key, bool master, string pythonHost)
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var log = directory.Combine("daemon.log");
        var pidFile = directory.Combine("daemon.pid");
        string[] arguments = ["--http", "127.0.0.1:0", "--wsgi-file", LogFiles.App, key, log, "--pidfile", pidFile, "--vacuum", "--python-host", pythonHost];
        await using var command = GantryProcess.Start(master ? [.. arguments, "--master"] : arguments);

        Assert.Equal(0, await command.WaitForExitAsync(LogFiles.Wait));
        if (key == "--daemonize2")
        {
            // The command returned once the daemon served: its readiness line is already in the file.
            Assert.Contains("gantry ready (pid ", LogFiles.Read(log), StringComparison.Ordinal);
        }
        var readiness = await LogFiles.WaitForReadinessAsync(log);
        var daemon = int.Parse((await LogFiles.WaitForAsync(pidFile, text => text.EndsWith('\n'), "a pid")).Trim(), CultureInfo.InvariantCulture);
        try
        {
            Assert.NotEqual(command.Pid, daemon);
            Assert.Equal(readiness.Pid, daemon);
            Assert.True(LogFiles.IsAlive(daemon), $"the daemon {daemon} is not running");
            Assert.Equal(daemon.ToString(CultureInfo.InvariantCulture), SessionId(daemon));
            // With python-host = executable and no master the daemon itself is Python; a master stays gantry.
            var executable = new FileInfo($"/proc/{daemon}/exe").LinkTarget ?? "";
            Assert.Matches(pythonHost == "executable" && !master ? @"/python3\.\d+$" : "/gantry$", executable);
            Assert.NotNull(await OneShotClient.GetAsync(LogFiles.HttpBase(readiness), "/daemon", LogFiles.Wait));

            LogFiles.Signal(daemon, Signum.SIGINT);

            Assert.True(await LogFiles.WaitUntilGoneAsync(daemon), $"the daemon {daemon} ignored SIGINT; log:\n{LogFiles.Read(log)}");
            var text = await LogFiles.WaitForAsync(log, text => text.Contains("goodbye to gantry.", StringComparison.Ordinal), "the goodbye line");
            Assert.Contains("GET /daemon", text, StringComparison.Ordinal);
            Assert.False(File.Exists(pidFile), "--vacuum left the pid file");
        }
        finally
        {
            if (LogFiles.IsAlive(daemon))
            {
                LogFiles.Signal(daemon, Signum.SIGKILL);
            }
        }
    }

    [Fact]
    public async Task Daemonize2_AppFailsToLoad_CommandReturnsTheDaemonsExitCode()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var log = directory.Combine("daemon.log");
        await using var command = GantryProcess.Start(
            ["--http", "127.0.0.1:0", "--wsgi-file", directory.Combine("missing.py"), "--need-app", "--daemonize2", log]);

        var exitCode = await command.WaitForExitAsync(LogFiles.Wait);

        Assert.Equal(22, exitCode);
        Assert.Contains($"stopped before serving (exit code 22); see {log}", command.Output, StringComparison.Ordinal);
        Assert.Contains("need-app", LogFiles.Read(log), StringComparison.Ordinal);
    }

    // The session id, field 6 of /proc/PID/stat (after the parenthesised command name).
    private static string SessionId(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3];
    }
}
