using System.Text.RegularExpressions;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Master;

namespace Gantry.FunctionalTests.Logging;

/// <summary>
/// Issue 16 §5's remaining log options, as uWSGI 2.0.21 has them: log-maxsize with log-backupname (the master rotates the
/// file, the workers follow it), log-date (ctime's date or a strftime format before gantry's own lines, not before
/// request lines), and req-logger (request lines to their own file, rotated by size in its key-value form).
/// </summary>
[Collection(GantryCollection.Name)]
public sealed partial class LogRotationTests
{
    [Fact]
    public async Task LogMaxsize_MasterRotatesTheFile_WorkersLinesFollowIt()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var log = directory.Combine("app.log");
        var backup = directory.Combine("app.log.old");
        await using var gantry = GantryProcess.Start(
            ["--http", "127.0.0.1:0", "--master", "--processes", "2", "--wsgi-file", LogFiles.App, "--logto", log,
                "--log-maxsize", "4000", "--log-backupname", backup]);
        var http = LogFiles.HttpBase(await LogFiles.WaitForReadinessAsync(log));

        // Grow the file past 4000 bytes until the master rotates it (it checks every second).
        await RequestUntilAsync(http, "/filling", () => File.Exists(backup));
        // Then a worker's next request line lands in the new file, under the old name.
        await RequestUntilAsync(http, "/after-rotation", () => LogFiles.Read(log).Contains("GET /after-rotation", StringComparison.Ordinal));

        var rotated = LogFiles.Read(backup);
        Assert.Matches($@"logsize: \d+, triggering rotation to {Regex.Escape(backup)}\.\.\.", rotated);
        Assert.Contains("GET /filling", rotated, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
        Assert.Contains("goodbye to gantry.", LogFiles.Read(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogMaxsize_WithoutBackupname_NamesTheOldFileWithTheUnixTime()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var log = directory.Combine("app.log");
        await using var gantry = GantryProcess.Start(
            ["--http", "127.0.0.1:0", "--wsgi-file", LogFiles.App, "--logto", log, "--log-maxsize", "3000"]);
        var http = LogFiles.HttpBase(await LogFiles.WaitForReadinessAsync(log));

        // (A pattern "app.log.*" would match app.log itself too.)
        string[] Rotated() => [.. Directory.GetFiles(directory.Path).Select(Path.GetFileName).OfType<string>().Where(name => name.StartsWith("app.log.", StringComparison.Ordinal))];
        await RequestUntilAsync(http, "/filling", () => Rotated().Length > 0);

        var name = Rotated()[0];
        Assert.Matches(@"^app\.log\.\d{10}$", name);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Theory]
    [InlineData(null, @"[A-Z][a-z]{2} [A-Z][a-z]{2} [ 123]\d \d\d:\d\d:\d\d \d{4}")]
    [InlineData("%Y-%m-%dT%H", @"\d{4}-\d\d-\d\dT\d\d")]
    public async Task LogDate_PrefixesGantrysOwnLines_NotRequestLines(string? format, string datePattern)
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var log = directory.Combine("app.log");
        string[] logDate = format is null ? ["--log-date"] : ["--log-date", format];
        await using var gantry = GantryProcess.Start(["--http", "127.0.0.1:0", "--wsgi-file", LogFiles.App, "--logto", log, .. logDate]);
        var readiness = await LogFiles.WaitForAsync(log, text => text.Contains("gantry ready (pid", StringComparison.Ordinal), "a readiness line");
        var port = Regex.Match(readiness, @"http://127\.0\.0\.1:(\d+)").Groups[1].Value;

        Assert.NotNull(await OneShotClient.GetAsync(new Uri($"http://127.0.0.1:{port}"), "/dated", LogFiles.Wait));
        var text = await LogFiles.WaitForAsync(log, text => text.Contains("GET /dated", StringComparison.Ordinal), "the request line");

        var lines = text.Split('\n');
        Assert.Matches($@"^{datePattern} - \*\*\* Starting gantry", lines.First(line => line.Contains("*** Starting gantry", StringComparison.Ordinal)));
        Assert.Matches($@"^{datePattern} - gantry ready \(pid", lines.First(line => line.Contains("gantry ready", StringComparison.Ordinal)));
        Assert.StartsWith("[pid: ", lines.First(line => line.Contains("GET /dated", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task RelativeLogFilesWithChdir_Logto2InTheStartDirectoryReqLoggerInChdir_AsUwsgi()
    {
        // uWSGI 2.0.21 opens logto2 before its chdir and its req-loggers after it.
        using var start = RepoPaths.CreateTemporaryDirectory();
        using var chdir = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = GantryProcess.Start(
            ["--http", "127.0.0.1:0", "--master", "--wsgi-file", LogFiles.App, "--chdir", chdir.Path, "--logto2", "main.log",
             "--req-logger", "file:requests.log"],
            workingDirectory: start.Path);

        var readiness = await LogFiles.WaitForReadinessAsync(start.Combine("main.log"));
        Assert.NotNull(await OneShotClient.GetAsync(LogFiles.HttpBase(readiness), "/relative", LogFiles.Wait));
        await LogFiles.WaitForAsync(chdir.Combine("requests.log"), text => text.Contains("GET /relative", StringComparison.Ordinal), "the request line");

        Assert.Equal(["main.log"], Directory.GetFileSystemEntries(start.Path).Select(Path.GetFileName));
        Assert.Equal(["requests.log"], Directory.GetFileSystemEntries(chdir.Path).Select(Path.GetFileName));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Fact]
    public async Task ReqLogger_File_TakesTheRequestLines_StdioKeepsThemInTheLogToo()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var requests = directory.Combine("requests.log");
        await using var only = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--master", "--wsgi-file", LogFiles.App, "--req-logger", $"file:{requests}"]);
        await using var both = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--wsgi-file", LogFiles.App, "--logger-req", $"file:{requests}", "--logger-req", "stdio"]);

        Assert.NotNull(await OneShotClient.GetAsync(only.HttpBase, "/to-the-file", LogFiles.Wait));
        Assert.NotNull(await OneShotClient.GetAsync(both.HttpBase, "/to-both", LogFiles.Wait));
        var text = await LogFiles.WaitForAsync(requests,
            text => text.Contains("GET /to-the-file", StringComparison.Ordinal) && text.Contains("GET /to-both", StringComparison.Ordinal), "both request lines");

        await both.WaitForOutputAsync("GET /to-both", LogFiles.Wait);
        Assert.Equal(0, await only.StopAsync(Signum.SIGINT));
        Assert.DoesNotContain("GET /to-the-file", only.Output, StringComparison.Ordinal);
        Assert.Contains("log_app print from pid", only.Output, StringComparison.Ordinal);
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("[pid: ", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReqLogger_FileWithMaxsize_RotatesToItsBackupname()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var requests = directory.Combine("requests.log");
        var backup = directory.Combine("requests.old");
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--http", "127.0.0.1:0", "--master", "--processes", "2", "--wsgi-file", LogFiles.App,
                "--req-logger", $"file:logfile={requests},maxsize=3000,backupname={backup}"]);

        await RequestUntilAsync(gantry.HttpBase, "/filling", () => File.Exists(backup));
        await RequestUntilAsync(gantry.HttpBase, "/after-rotation", () => LogFiles.Read(requests).Contains("GET /after-rotation", StringComparison.Ordinal));

        Assert.Matches($@"logsize: \d+, triggering rotation to {Regex.Escape(backup)}\.\.\.", LogFiles.Read(backup));
        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
    }

    [Theory]
    [InlineData("syslog", "Gantry's request loggers are file:PATH")]
    [InlineData("file:logfile=/tmp/x.log,size=3", "unknown or invalid key 'size=3'")]
    [InlineData("fd:three", "fd: needs a descriptor number")]
    public async Task ReqLogger_NotOneGantryHas_FailsNamingTheValue(string value, string reason)
    {
        await using var gantry = GantryProcess.Start(["--http", "127.0.0.1:0", "--wsgi-file", LogFiles.App, "--req-logger", value]);

        Assert.Equal(1, await gantry.WaitForExitAsync(LogFiles.Wait));
        Assert.Contains($"gantry: req-logger {value}: ", gantry.Output, StringComparison.Ordinal);
        Assert.Contains(reason, gantry.Output, StringComparison.Ordinal);
    }

    /// <summary>GETs <paramref name="path"/> until <paramref name="done"/> (at most 5,000 requests or the wait).</summary>
    private static async Task RequestUntilAsync(Uri http, string path, Func<bool> done)
    {
        var deadline = DateTime.UtcNow + LogFiles.Wait;
        for (var i = 0; i < 5000 && DateTime.UtcNow < deadline; i++)
        {
            if (done())
            {
                return;
            }
            await OneShotClient.GetAsync(http, path, LogFiles.Wait);
            if (i % 20 == 19)
            {
                // The rotation is checked once a second: give it its second rather than grow the file without end.
                await Task.Delay(100);
            }
        }
        Assert.True(done(), $"{path}: the condition never held");
    }
}
