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

    [Fact]
    public async Task Asgi_TlsExtension_ServerCertVersionSuiteAndClientCertificate()
    {
        using var certificates = TestCertificates.Create();
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = AsgiProbeServer.StartCommand(records, null,
            "--host", "127.0.0.1", "--port", "0", "--ssl-certfile", certificates.ServerCertificate, "--ssl-keyfile", certificates.ServerKey,
            "--ssl-ca-certs", certificates.CaCertificate, "--ssl-cert-reqs", "1", "asgi_probe:app");
        await gantry.WaitForReadyAsync(GantryProcess.DefaultReadyTimeout);
        var port = gantry.Addresses.First(address => address.Scheme == "https").Port;

        var withClient = await Curl.RunAsync(["-sS", "--tlsv1.3", "--cacert", certificates.CaCertificate, "--resolve", $"localhost:{port}:127.0.0.1",
            "--cert", certificates.ClientCertificate, "--key", certificates.ClientKey, $"https://localhost:{port}/tls"]);
        var without = await Curl.RunAsync(["-sS", "--tlsv1.2", "--tls-max", "1.2", "-k", $"https://127.0.0.1:{port}/tls"]);

        Assert.True(withClient.ExitCode == 0, withClient.StandardError);
        var tls = JsonDocument.Parse(withClient.StandardOutput).RootElement;
        var serverPem = File.ReadAllText(certificates.ServerCertificate).Trim();
        Assert.Equal(serverPem.ReplaceLineEndings("\n"), tls.GetProperty("server_cert").GetString()!.Trim().ReplaceLineEndings("\n"));
        Assert.Equal(0x0304, tls.GetProperty("tls_version").GetInt32());
        Assert.InRange(tls.GetProperty("cipher_suite").GetInt32(), 0x1301, 0x1305);
        var chain = tls.GetProperty("client_cert_chain").EnumerateArray().Select(element => element.GetString()!.Trim()).ToList();
        Assert.Equal([File.ReadAllText(certificates.ClientCertificate).Trim().ReplaceLineEndings("\n")], chain.Select(pem => pem.ReplaceLineEndings("\n")));
        Assert.Contains("CN=gantry test client", tls.GetProperty("client_cert_name").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, tls.GetProperty("client_cert_error").ValueKind);
        Assert.True(without.ExitCode == 0, without.StandardError);
        var tls12 = JsonDocument.Parse(without.StandardOutput).RootElement;
        Assert.Equal(0x0303, tls12.GetProperty("tls_version").GetInt32());
        Assert.Empty(tls12.GetProperty("client_cert_chain").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, tls12.GetProperty("client_cert_name").ValueKind);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Asgi_PlainHttp_NoTlsExtension()
    {
        using var records = RepoPaths.CreateTemporaryDirectory();
        await using var gantry = AsgiProbeServer.StartCommand(records, null, "--host", "127.0.0.1", "--port", "0", "asgi_probe:app");
        await gantry.WaitForReadyAsync(GantryProcess.DefaultReadyTimeout);

        var result = await Curl.RunAsync(["-sS", new Uri(gantry.HttpBase, "/tls").ToString()]);

        Assert.Equal("null", result.StandardOutput);
        Assert.Equal(0, await gantry.StopAsync());
    }
}
