using System.Text;
using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Asgi;

/// <summary>ASGI behind nginx's uwsgi_pass: the same scope from the uwsgi front's variables, SCRIPT_NAME as root_path.</summary>
[Collection(GantryCollection.Name)]
public sealed class AsgiUwsgiFrontTests
{
    [Fact]
    public async Task UwsgiPacket_ScopeFromTheGatewayVariables()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--socket", "127.0.0.1:0", "--asgi", "asgi_probe:app"],
            workingDirectory: TestApps.Folder,
            environment: new Dictionary<string, string?> { [ProbeServer.RecordFolderVariable] = records.Path });
        var packet = UwsgiRequest.Encode(
        [
            new("REQUEST_METHOD", "GET"),
            new("REQUEST_URI", "/app/scope?q=1"),
            new("SCRIPT_NAME", "/app"),
            new("PATH_INFO", "/scope"),
            new("QUERY_STRING", "q=1"),
            new("SERVER_PROTOCOL", "HTTP/1.1"),
            new("SERVER_NAME", "example.test"),
            new("SERVER_PORT", "80"),
            new("REMOTE_ADDR", "10.0.0.7"),
            new("REMOTE_PORT", "50000"),
            new("HTTP_HOST", "example.test"),
            new("HTTPS", "on"),
        ]);

        await using var probe = await HttpProbe.ConnectAsync(gantry.Addresses[0]);
        await probe.SendAsync(packet);
        var raw = Encoding.UTF8.GetString(await probe.ReadToEndAsync());
        using var scope = JsonDocument.Parse(raw[(raw.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
        var root = scope.RootElement;

        Assert.StartsWith("HTTP/1.1 200", raw);
        Assert.Equal("/scope", root.GetProperty("path").GetString());
        Assert.Equal("/app", root.GetProperty("root_path").GetString());
        Assert.Equal("https", root.GetProperty("scheme").GetString());
        Assert.Equal("q=1", root.GetProperty("query_string").GetString());
        Assert.Equal("10.0.0.7", root.GetProperty("client")[0].GetString());
        Assert.Equal(["example.test", "80"], root.GetProperty("server").EnumerateArray().Select(e => e.ToString()));
        OutputAssert.NoTraceback(gantry);
    }
}
