using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Asgi;

/// <summary>The ASGI host on every CPython from 3.10 to 3.13 (pyenv's builds): eager steps, the pumped loop, executor
/// threads, request bodies and lifespan rely on asyncio internals that moved between versions.</summary>
[Collection(GantryCollection.Name)]
public sealed class AsgiPythonVersionTests
{
    [Theory]
    [InlineData("3.10")]
    [InlineData("3.12")]
    [InlineData("3.13")]
    public async Task Probe_PyenvBuild_EagerPumpedThreadBodyAndLifespan(string minor)
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await AsgiProbeServer.StartAsync(records, "--home", PyenvPythons.Home(minor));

        Assert.Equal("Hello, ASGI!", (await AsgiProbeServer.GetAsync(gantry, "/")).BodyText);
        Assert.Equal("slept", (await AsgiProbeServer.GetAsync(gantry, "/sleep?ms=20")).BodyText);
        Assert.StartsWith("from ", (await AsgiProbeServer.GetAsync(gantry, "/thread")).BodyText);
        Assert.Contains("\"started\": \"yes\"", (await AsgiProbeServer.GetAsync(gantry, "/state")).BodyText);
        var echoed = await HttpProbe.ExchangeAsync(gantry.Addresses[0],
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
        Assert.Equal("abc", echoed.BodyText);
        await OutputAssert.LogsAsync(gantry, "Python " + PyenvPythons.FullVersion(minor));
        Assert.Equal(0, await gantry.StopAsync());
        Assert.Contains("ASGI lifespan: shutdown complete", gantry.Output);
        OutputAssert.NoTraceback(gantry);
    }
}
