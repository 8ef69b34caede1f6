using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Cli;

/// <summary>
/// The seed's ini file, verbatim but for its folder and ports (a copy in a temporary folder): `socket =` is the uwsgi
/// protocol, as nginx's uwsgi_pass speaks it; the stats server answers on the seed's stats address.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class SeedIniTests
{
    // From issue 3; only chdir and the two ports differ (port 0 is read back from the readiness line).
    private const string SeedIni = """
        [uwsgi]
        socket = 127.0.0.1:9090
        chdir = /home/user/sgi/prj
        wsgi-file = prj/wsgi.py
        processes = 4
        threads = 2
        stats = 127.0.0.1:9191
        """;

    [Fact]
    public async Task SeedIni_CopyWithPortZero_StartsAndServesTheUwsgiProtocol()
    {
        using var folder = RepoPaths.CreateTemporaryDirectory();
        folder.WriteFile("prj/prj/wsgi.py", await File.ReadAllTextAsync(Path.Combine(RepoPaths.Examples, "start.py")));
        var statsPort = FreePort.Allocate();
        var ini = SeedIni
            .Replace("127.0.0.1:9090", "127.0.0.1:0", StringComparison.Ordinal)
            .Replace("127.0.0.1:9191", $"127.0.0.1:{statsPort}", StringComparison.Ordinal)
            .Replace("/home/user/sgi/prj", folder.Combine("prj"), StringComparison.Ordinal);
        folder.WriteFile("wsgi.ini", ini);

        await using var gantry = await GantryProcess.StartReadyAsync(["wsgi.ini"], folder.Path);

        var address = Assert.Single(gantry.Addresses);
        Assert.Equal(("uwsgi", "127.0.0.1"), (address.Scheme, address.Host));
        await OutputAssert.LogsAsync(gantry, $"Stats server enabled on 127.0.0.1:{statsPort}");
        using (var stats = new System.Net.Sockets.TcpClient())
        {
            await stats.ConnectAsync(System.Net.IPAddress.Loopback, statsPort);
            using var reader = new StreamReader(stats.GetStream());
            using var document = System.Text.Json.JsonDocument.Parse(await reader.ReadToEndAsync());
            Assert.Equal(4, document.RootElement.GetProperty("workers").GetArrayLength());
            Assert.Equal(2, document.RootElement.GetProperty("workers")[0].GetProperty("cores").GetArrayLength());
        }
        for (var i = 0; i < 8; i++)
        {
            await using var probe = await HttpProbe.ConnectAsync(address);
            await probe.SendAsync(UwsgiRequest.Get("/", "127.0.0.1", address.Port));
            var response = await probe.ReadResponseAsync();
            Assert.Equal((200, "Hello World", "text/html"), (response.StatusCode, response.BodyText, response.Header("Content-Type")));
        }

        Assert.Equal(0, await gantry.StopAsync(Signum.SIGINT));
        OutputAssert.NoTraceback(gantry);
    }
}
