using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Master;

namespace Gantry.FunctionalTests.Logging;

/// <summary>
/// <c>logto</c>: the file becomes stdout and stderr before binding, so it collects gantry's start-up lines, the
/// request log and the app's print(), in the master and in every worker, and nothing is left on the terminal.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class LogtoTests
{
    [Fact]
    public async Task Logto_SingleProcess_FileHasStartupRequestLogAndPrint()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var log = directory.Combine("app.log");
        await using var gantry = GantryProcess.Start(["--http", "127.0.0.1:0", "--wsgi-file", LogFiles.App, "--logto", log]);

        var readiness = await LogFiles.WaitForReadinessAsync(log);
        var pid = await OneShotClient.GetAsync(LogFiles.HttpBase(readiness), "/hello", LogFiles.Wait);
        var text = await LogFiles.WaitForAsync(log, text => text.Contains("GET /hello", StringComparison.Ordinal), "the request log line");

        Assert.NotNull(pid);
        Assert.Contains("*** Starting gantry", text, StringComparison.Ordinal);
        Assert.Contains($"log_app print from pid {pid}", text, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(log));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
        Assert.Contains("goodbye to gantry.", LogFiles.Read(log), StringComparison.Ordinal);
        Assert.Equal(string.Empty, gantry.Output);
    }

    [Fact]
    public async Task Logto_MasterTwoWorkers_FileHasEveryWorkersLines()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var log = directory.Combine("app.log");
        await using var gantry = GantryProcess.Start(
            ["--http", "127.0.0.1:0", "--master", "--processes", "2", "--wsgi-file", LogFiles.App, "--logto", log]);

        var readiness = await LogFiles.WaitForReadinessAsync(log);
        var pid = await OneShotClient.GetAsync(LogFiles.HttpBase(readiness), "/from-a-worker", LogFiles.Wait);
        var text = await LogFiles.WaitForAsync(log, text => text.Contains("GET /from-a-worker", StringComparison.Ordinal), "the request log line");

        Assert.NotNull(pid);
        Assert.Contains($"log_app print from pid {pid}", text, StringComparison.Ordinal);
        // Each worker loads the app itself and says so: both lines come from processes that inherited the file.
        Assert.Equal(2, text.Split('\n').Count(line => line.StartsWith("WSGI app ", StringComparison.Ordinal) && line.Contains(" ready in ", StringComparison.Ordinal)));
        Assert.Equal(2, text.Split('\n').Count(line => line.StartsWith("spawned gantry worker ", StringComparison.Ordinal)));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
        Assert.Equal(string.Empty, gantry.Output);
    }

    [Fact]
    public async Task Logto2_WithUid_FileOpenedAfterDroppingPrivileges()
    {
        var root = Environment.UserName == "root";
        var user = root ? "nobody" : Environment.UserName;
        using var directory = RepoPaths.CreateTemporaryDirectory();
        // The dropped user creates the file: the folder must let it.
        File.SetUnixFileMode(directory.Path, (UnixFileMode)Convert.ToInt32("1777", 8));
        var log = directory.Combine("app.log");
        await using var gantry = GantryProcess.Start(
            ["--http", "127.0.0.1:0", "--master", "--wsgi-file", LogFiles.App, "--uid", user, "--logto2", log]);

        var readiness = await LogFiles.WaitForReadinessAsync(log);
        Assert.NotNull(await OneShotClient.GetAsync(LogFiles.HttpBase(readiness), "/as-nobody", LogFiles.Wait));
        await LogFiles.WaitForAsync(log, text => text.Contains("GET /as-nobody", StringComparison.Ordinal), "the request log line");

        // Lines from before the drop stayed on stderr; the file belongs to the dropped user.
        Assert.Contains("*** Starting gantry", gantry.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("*** Starting gantry", LogFiles.Read(log), StringComparison.Ordinal);
        if (root)
        {
            Assert.Equal("65534", LogFiles.OwnerUid(log));
        }
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Theory]
    [InlineData("--logto")]
    [InlineData("--daemonize")]
    public async Task LogFile_InMissingDirectory_FailsNamingKeyAndPath(string key)
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var log = directory.Combine("missing", "app.log");
        await using var gantry = GantryProcess.Start(["--http", "127.0.0.1:0", "--wsgi-file", LogFiles.App, key, log]);

        var exitCode = await gantry.WaitForExitAsync(LogFiles.Wait);

        Assert.Equal(1, exitCode);
        Assert.Contains($"{key[2..]} {log}: cannot open the log file: no such file or directory", gantry.Output, StringComparison.Ordinal);
    }
}
