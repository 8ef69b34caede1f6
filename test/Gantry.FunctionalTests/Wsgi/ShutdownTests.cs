using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Wsgi;

/// <summary>A clean shutdown finalizes the interpreter: the app's atexit handlers run and gantry exits 0.</summary>
[Collection(GantryCollection.Name)]
public sealed class ShutdownTests
{
    [Theory]
    [InlineData(Signum.SIGINT)]
    [InlineData(Signum.SIGTERM)]
    [InlineData(Signum.SIGQUIT)]
    public async Task Stop_Signal_RunsAtexitHandlersAndExitsZero(Signum signal)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await ProbeServer.StartAsync(records);
        using (var client = new HttpClient { BaseAddress = gantry.HttpBase })
        {
            Assert.Equal("status 200", await client.GetStringAsync("status"));
        }

        var exitCode = await gantry.StopAsync(signal);

        Assert.Equal(0, exitCode);
        Assert.Equal(["atexit ran"], RecordFile.Lines(records.Combine("atexit")));
        OutputAssert.NoTraceback(gantry);
    }

    [Theory]
    [InlineData(Signum.SIGINT)]
    [InlineData(Signum.SIGQUIT)]
    public async Task Stop_SignalIgnoredByTheParentShell_StillStops(Signum signal)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();

        // `gantry … &` in a non-interactive shell script starts it with SIGINT and SIGQUIT ignored (POSIX "Shell
        // Command Language" §2.11); uWSGI installs its handlers regardless, so `kill -INT` still stops it.
        await using var gantry = GantryProcess.Start(
            "/bin/sh",
            ["-c", "trap '' INT QUIT; exec \"$0\" \"$@\"", RepoPaths.Binary, "--http", "127.0.0.1:0", "--wsgi-file", TestApps.Probe],
            TestApps.Folder,
            new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });
        await gantry.WaitForReadyAsync(GantryProcess.DefaultReadyTimeout);

        var exitCode = await gantry.StopAsync(signal, TimeSpan.FromSeconds(5));

        Assert.True(exitCode == 0, $"gantry ignored {signal} (exit code {exitCode} after SIGKILL):\n{gantry.Output}");
        Assert.Equal(["atexit ran"], RecordFile.Lines(records.Combine("atexit")));
    }
}
