using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.InfrastructureTests;

/// <summary>
/// The harness's own behaviour, driven with /bin/sh scripts that act out what gantry prints and how it reacts to
/// signals; tests of gantry itself start the real binary.
/// </summary>
public sealed class GantryProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // Prints a readiness line on stderr like gantry's, then waits; SIGINT makes it exit with code 3.
    private const string ReadyThenWait =
        "trap 'echo stopping; exit 3' INT; echo starting; " +
        "echo \"gantry ready (pid $$): http://127.0.0.1:41234 uwsgi://unix:/tmp/x/app.sock\" >&2; " +
        "while :; do sleep 0.05; done";

    private static GantryProcess StartShell(string script, string? workingDirectory = null, Dictionary<string, string?>? environment = null) =>
        GantryProcess.Start("/bin/sh", ["-c", script], workingDirectory, environment);

    [Fact]
    public async Task WaitForReadyAsync_ReadinessLineOnStderr_ExposesAddressesAndHttpBase()
    {
        await using var process = StartShell(ReadyThenWait);

        await process.WaitForReadyAsync(Patience);

        Assert.Equal(process.Pid, process.Readiness!.Pid);
        Assert.Equal(2, process.Addresses.Count);
        Assert.Equal(new Uri("http://127.0.0.1:41234/"), process.HttpBase);
        Assert.Equal("/tmp/x/app.sock", process.Addresses[1].UnixPath);
        Assert.Contains(process.Lines, line => line is { IsStandardError: false, Text: "starting" });
    }

    [Fact]
    public async Task WaitForReadyAsync_ProcessExitsFirst_FailsWithExitCodeAndOutput()
    {
        await using var process = StartShell("echo 'gantry: unknown option --htp' >&2; exit 2");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => process.WaitForReadyAsync(Patience));

        Assert.Contains("exited with code 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("err| gantry: unknown option --htp", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, process.ExitCode);
    }

    [Fact]
    public async Task WaitForReadyAsync_NoReadinessLineInTime_TimesOutWithOutput()
    {
        await using var process = StartShell("echo 'loading app'; sleep 30");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => process.WaitForReadyAsync(TimeSpan.FromMilliseconds(500)));

        Assert.Contains("out| loading app", error.Message, StringComparison.Ordinal);
        Assert.Contains("running", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpBase_BeforeReady_ThrowsInvalidOperation()
    {
        await using var process = StartShell("sleep 30");

        Assert.Throws<InvalidOperationException>(() => process.HttpBase);
    }

    [Fact]
    public async Task StopAsync_SignalHandled_ReturnsTheExitCodeTheProcessChose()
    {
        await using var process = StartShell(ReadyThenWait);
        await process.WaitForReadyAsync(Patience);

        var exitCode = await process.StopAsync(Signum.SIGINT, Patience);

        Assert.Equal(3, exitCode);
        Assert.Contains("stopping", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_SignalIgnored_KillsAfterTheTimeout()
    {
        await using var process = StartShell("trap '' INT; echo ignoring; while :; do sleep 0.05; done");
        await process.WaitForOutputAsync("ignoring", Patience);

        var exitCode = await process.StopAsync(Signum.SIGINT, TimeSpan.FromMilliseconds(300));

        Assert.Equal(128 + (int)Signum.SIGKILL, exitCode);
    }

    [Fact]
    public async Task WaitForOutputAsync_RegexAndFromLine_MatchesOnlyNewerLines()
    {
        await using var process = StartShell(
            "trap 'echo worker 2 respawned' HUP; echo 'worker 1 spawned'; echo marker; while :; do sleep 0.05; done");
        Assert.Equal("worker 1 spawned", await process.WaitForOutputAsync(@"worker \d+ (spawned|respawned)", Patience));
        await process.WaitForOutputAsync("marker", Patience);
        var mark = process.LineCount;

        process.Signal(Signum.SIGHUP);
        var line = await process.WaitForOutputAsync(@"worker \d+ (spawned|respawned)", Patience, fromLine: mark);

        Assert.Equal("worker 2 respawned", line);
    }

    [Fact]
    public async Task Start_EnvironmentAndWorkingDirectory_ReachTheProcess()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        await using var process = StartShell(
            "echo \"cwd=$PWD extra=$GANTRY_EXTRA home=${HOME:-unset}\"",
            folder.Path,
            new() { ["GANTRY_EXTRA"] = "yes", ["HOME"] = null });

        Assert.Equal(0, await process.WaitForExitAsync(Patience));

        Assert.Contains($"cwd={folder.Path} extra=yes home=unset", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_MissingBinary_SaysHowToBuildIt()
    {
        var error = Assert.Throws<FileNotFoundException>(
            () => GantryProcess.Start("/nonexistent/gantry", [], null, null));

        Assert.Contains("./setup.sh --no-run", error.Message, StringComparison.Ordinal);
    }
}
