using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>ASGI over the same HTTPS path: uvicorn's --ssl-certfile/--ssl-keyfile on <c>gantry asgi</c>, scheme https, HTTP/2.</summary>
[Collection(GantryCollection.Name)]
public sealed class HttpsAsgiTests
{
    [Fact]
    public async Task Asgi_UvicornSslFlagsWithHttp2_ScopeSaysHttpsAndHttp2()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = AsgiProbeServer.StartCommand(records, null,
            "--host", "127.0.0.1", "--port", "0", "--ssl-certfile", certificates.ServerCertificate, "--ssl-keyfile", certificates.ServerKey,
            "--http2", "asgi_probe:app");
        await gantry.WaitForReadyAsync(GantryProcess.DefaultReadyTimeout);
        var port = gantry.Addresses.First(address => address.Scheme == "https").Port;

        var http2 = await Curl.RunAsync(["-sS", "--http2", "--cacert", certificates.CaCertificate, "--resolve", $"localhost:{port}:127.0.0.1",
            "--data-binary", "body", $"https://localhost:{port}/scope/x?a=1"]);
        var http11 = await Curl.RunAsync(["-sS", "--http1.1", "-k", $"https://127.0.0.1:{port}/scope/y"]);

        Assert.True(http2.ExitCode == 0, http2.StandardError);
        var scope = JsonDocument.Parse(http2.StandardOutput).RootElement;
        Assert.Equal("https", scope.GetProperty("scheme").GetString());
        Assert.Equal("2", scope.GetProperty("http_version").GetString());
        Assert.Equal("POST", scope.GetProperty("method").GetString());
        Assert.Equal("/scope/x", scope.GetProperty("path").GetString());
        var scope11 = JsonDocument.Parse(http11.StandardOutput).RootElement;
        Assert.Equal("https", scope11.GetProperty("scheme").GetString());
        Assert.Equal("1.1", scope11.GetProperty("http_version").GetString());
        Assert.Equal(0, await gantry.StopAsync());
    }
}
