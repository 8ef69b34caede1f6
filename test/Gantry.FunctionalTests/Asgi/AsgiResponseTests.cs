using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Asgi;

/// <summary>
/// Streamed responses (every http.response.body block leaves at once) and the error paths: the app's exception, a
/// return without a response, a send after the response completed; the worker serves on after each.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class AsgiResponseTests
{
    [Theory]
    [InlineData("HTTP/1.1", HttpBodyFraming.Chunked)]
    [InlineData("HTTP/1.0", HttpBodyFraming.CloseDelimited)]
    public async Task MoreBody_FirstBlockArrivesBeforeTheAppProducesTheNext(string version, HttpBodyFraming framing)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        // The app sends "first", then waits for the client's go (a file), which the client writes only once "first" arrived.
        await probe.SendAsync($"GET /handshake?token=a {version}\r\nHost: x\r\nConnection: close\r\n\r\n");
        await probe.WaitForBytesAsync("first\n");
        await File.WriteAllTextAsync(records.Combine("go-a"), "go");
        var response = await probe.ReadResponseAsync();

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(framing, response.Framing);
        Assert.Equal("first\nsecond\n", response.BodyText);
        OutputAssert.NoTraceback(gantry);
    }

    [Theory]
    [InlineData("/error", "asgi-boom-marker")]
    [InlineData("/error-after-start", "asgi-late-boom-marker")]
    public async Task Exception_BeforeTheBody_500WithTheTracebackLoggedAndTheWorkerServesOn(string path, string marker)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);

        var failed = await AsgiProbeServer.GetAsync(gantry, $"{path}");
        var next = await AsgiProbeServer.GetAsync(gantry, "/");

        Assert.Equal(500, failed.StatusCode);
        Assert.Equal(200, next.StatusCode);
        var logged = await OutputAssert.LogsAsync(gantry, "error in the ASGI app (GET " + path + ")");
        await OutputAssert.LogsAsync(gantry, marker);
        Assert.NotNull(logged);
    }

    [Fact]
    public async Task Exception_AfterABlockLeft_ResponseCutNot500()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);
        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);

        await probe.SendAsync("GET /error-after-body HTTP/1.1\r\nHost: x\r\n\r\n");
        await probe.WaitForBytesAsync("first part went out\n");
        var failure = await Record.ExceptionAsync(() => probe.ReadResponseAsync());

        Assert.True(failure is EndOfStreamException or IOException, $"expected a cut response, got {failure?.ToString() ?? "a whole one"}");
        await OutputAssert.LogsAsync(gantry, "asgi-cut-marker");
    }

    [Theory]
    [InlineData("/none", "without starting its response")]
    [InlineData("/no-body", "without completing its response")]
    public async Task Return_WithoutAResponse_500AndLogged(string path, string logged)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);

        var response = await AsgiProbeServer.GetAsync(gantry, $"{path}");

        Assert.Equal(500, response.StatusCode);
        await OutputAssert.LogsAsync(gantry, logged);
    }

    [Fact]
    public async Task BodyBeforeStart_500AndTheMistakeNamed()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);

        var response = await AsgiProbeServer.GetAsync(gantry, "/bad-message");

        Assert.Equal(500, response.StatusCode);
        await OutputAssert.LogsAsync(gantry, "expected ASGI message 'http.response.start', but got 'http.response.body'");
    }

    [Fact]
    public async Task Send_AfterTheResponseCompleted_Raises()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);

        var response = await AsgiProbeServer.GetAsync(gantry, "/send-after-complete");

        Assert.Equal("done", response.BodyText);
        await RecordFile.WaitForLineAsync(records.Combine("after-complete"), "raised RuntimeError", TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData("/block", "asgi_probe:app blocked ASGI loop thread 0", "ms in coroutine app (GET /block")]
    [InlineData("/block?after=await", "a task or callback blocked ASGI loop thread 0", "ms in task app (asyncio callbacks)")]
    public async Task BlockingCall_InTheLoop_SlowStepWarningNamesTheCoroutine(string path, string logged, string named)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records);

        var response = await AsgiProbeServer.GetAsync(gantry, $"{path}");

        Assert.Equal("blocked", response.BodyText);
        await OutputAssert.LogsAsync(gantry, logged);
        Assert.Contains(named, gantry.Output);
    }
}
