using System.Diagnostics;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Logging;
using Gantry.FunctionalTests.Master;

namespace Gantry.FunctionalTests.Faults;

/// <summary>
/// The log file's disk fills up (issue 15 §7): a real, tiny tmpfs holds the logto file. While it is full every request
/// is still answered by the same worker (a log line is not worth a request); once there is room again the worker says
/// how many lines it lost and why, then logs as before.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class LogDiskFullTests
{
    /// <summary>
    /// Requests made while the disk is full: more than 16 KiB of lines (about 150 bytes each), so that the request log,
    /// which writes at 16 KiB or 10 ms after a line, certainly writes some of them while the disk is still full, however
    /// fast the requests go.
    /// </summary>
    private const int Requests = 200;

    [Fact]
    public async Task LogDiskFull_EveryRequestAnswered_LostLinesCountedWhenRoomReturns()
    {
        using var directory = RepoPaths.CreateTemporaryDirectory();
        var mount = directory.Combine("small");
        Directory.CreateDirectory(mount);
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount);
        try
        {
            var log = Path.Combine(mount, "gantry.log");
            await using var gantry = GantryProcess.Start(
                ["--http", "127.0.0.1:0", "--master", "--processes", "1", "--wsgi-file", MasterArguments.App, "--logto", log]);
            var readiness = await LogFiles.WaitForReadinessAsync(log);
            var baseUri = LogFiles.HttpBase(readiness);
            var worker = await OneShotClient.GetAsync(baseUri, "/pid", LogFiles.Wait);
            await LogFiles.WaitForAsync(log, text => text.Contains("GET /pid", StringComparison.Ordinal), "the first request's line");

            var filler = Path.Combine(mount, "filler");
            Fill(filler);
            var answers = new List<string?>();
            for (var i = 0; i < Requests; i++)
            {
                answers.Add(await OneShotClient.GetAsync(baseUri, $"/full-{i}", LogFiles.Wait));
            }
            File.Delete(filler);
            var after = await OneShotClient.GetAsync(baseUri, "/pid", LogFiles.Wait);
            var text = await LogFiles.WaitForAsync(log, text => text.Contains("GET /pid", StringComparison.Ordinal)
                && text.Split('\n').Count(line => line.Contains("GET /pid", StringComparison.Ordinal)) == 2, "the line after the disk had room again");

            Assert.All(answers, answer => Assert.Equal("hello", answer));
            Assert.Equal(worker, after);
            var notice = text.Split('\n').Single(line => line.Contains(" lost: ", StringComparison.Ordinal));
            Assert.Matches(@"^\*\*\* \d+ log lines? lost: No space left on device \(errno 28\) \*\*\*$", notice);
            Assert.True(text.IndexOf(notice, StringComparison.Ordinal) < text.LastIndexOf("GET /pid", StringComparison.Ordinal),
                "the notice comes before the next line");
            Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
        }
        finally
        {
            await RunAsync("umount", "-l", mount);
        }
    }

    /// <summary>Writes until the file system refuses (ENOSPC), leaving it full.</summary>
    private static void Fill(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // Full: what remains of the last block could not be written.
        }
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cancel.Token);
        Assert.True(process.ExitCode == 0,
            $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await process.StandardError.ReadToEndAsync()} (this test needs root to mount a tmpfs)");
    }
}
