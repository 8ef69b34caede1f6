using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// uWSGI's <c>--https addr,cert,key[,ciphers,ca]</c> through the real binary: Kestrel terminates TLS and the request
/// runs on a loop thread as any other. Real clients only: curl with a test CA made by openssl, openssl s_client for
/// the handshakes, a raw TLS client that stops reading for backpressure.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class HttpsTests
{
    private static string App => Path.Combine(TestApps.Folder, "tls_app.py");

    private static Task<GantryProcess> StartAsync(TestCertificates certificates, params string[] more) =>
        GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", "--wsgi-file", App, .. more],
            TestApps.Folder);

    private static int HttpsPort(GantryProcess gantry) => gantry.Addresses.First(address => address.Scheme == "https").Port;

    private static async Task<JsonElement> GetJsonAsync(TestCertificates certificates, int port, string path = "/", params string[] more)
    {
        var result = await Curl.RunAsync(["-sS", "--cacert", certificates.CaCertificate, .. more, $"https://localhost:{port}{path}",
            "--resolve", $"localhost:{port}:127.0.0.1"]);
        Assert.True(result.ExitCode == 0, $"curl exit {result.ExitCode}: {result.StandardError}");
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }

    [Fact]
    public async Task Https_CurlTrustingTestCa_WsgiSeesHttpsScheme()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates);
        Assert.Contains("https://127.0.0.1:", gantry.Output, StringComparison.Ordinal);

        var answer = await GetJsonAsync(certificates, HttpsPort(gantry), "/some/path?a=1");

        Assert.Equal("https", answer.GetProperty("scheme").GetString());
        Assert.Equal("on", answer.GetProperty("https").GetString());
        Assert.Equal("HTTP/1.1", answer.GetProperty("protocol").GetString());
        Assert.Equal("/some/path", answer.GetProperty("path").GetString());
        Assert.Equal("a=1", answer.GetProperty("query").GetString());
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_PostedBody_ArrivesWhole()
    {
        using var certificates = TestCertificates.Create();
        using var bodyFile = RepoPaths.CreateTemporaryDirectory();
        var body = new byte[3 * 1024 * 1024 + 17];
        new Random(14).NextBytes(body);
        var path = Path.Combine(bodyFile.Path, "body.bin");
        await File.WriteAllBytesAsync(path, body);
        // Above --post-buffering, so the body spools to a file, and chunked, so the front gives CONTENT_LENGTH itself.
        await using var gantry = await StartAsync(certificates, "--post-buffering", "65536");

        var answer = await GetJsonAsync(certificates, HttpsPort(gantry), "/", "-H", "Transfer-Encoding: chunked", "--data-binary", $"@{path}");

        Assert.Equal(body.Length, answer.GetProperty("length").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), answer.GetProperty("sha256").GetString());
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_FileWrapper_WholeFileArrives()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates);
        var port = HttpsPort(gantry);

        var result = await Curl.RunAsync(["-sS", "-k", "-o", "/dev/null", "-w", "%{size_download} %{http_code}", $"https://127.0.0.1:{port}/file"]);

        Assert.Equal($"{3 * 1024 * 1024} 200", result.StandardOutput);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_ClientStopsReading_GeneratorDoesNotRunAhead()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates);
        var port = HttpsPort(gantry);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        tcp.ReceiveBufferSize = 64 * 1024;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("localhost");
        await tls.WriteAsync(Encoding.ASCII.GetBytes("GET /stream HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        var first = new byte[1024];
        Assert.True(await tls.ReadAsync(first) > 0);

        // The client reads nothing more. The endless generator must stop once the queues are full (the sink's
        // high-water mark, Kestrel's pipe, the socket buffers): wait until its count stops moving, with a bound.
        var produced = await ProducedAsync(certificates, port);
        for (var i = 0; i < 60; i++)
        {
            await Task.Delay(500);
            var now = await ProducedAsync(certificates, port);
            if (now == produced)
            {
                break;
            }
            produced = now;
        }
        // 64 KiB blocks: without backpressure the count grows without end; with it, a few MiB of buffers at most.
        Assert.InRange(produced, 1, 256);
        Assert.Equal(produced, await ProducedAsync(certificates, port));
        tcp.Close();
        Assert.Equal(0, await gantry.StopAsync());
    }

    private static async Task<int> ProducedAsync(TestCertificates certificates, int port)
    {
        var result = await Curl.RunAsync(["-sS", "-k", $"https://127.0.0.1:{port}/produced"]);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return int.Parse(result.StandardOutput, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Https_OpenSslClient_NegotiatesTls13AndHttp11ByAlpn()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates);
        var port = HttpsPort(gantry);

        var (exit13, tls13) = await OpenSslClient.ConnectAsync(port, "-brief", "-CAfile", certificates.CaCertificate, "-verify_return_error");
        // Without -brief, which leaves ALPN out of its report: h2 is offered first and refused without --http2.
        var (_, alpn) = await OpenSslClient.ConnectAsync(port, "-alpn", "h2,http/1.1");
        var (exit12, tls12) = await OpenSslClient.ConnectAsync(port, "-brief", "-tls1_2", "-CAfile", certificates.CaCertificate, "-verify_return_error");
        var (_, tls11) = await OpenSslClient.ConnectAsync(port, "-brief", "-tls1_1");

        Assert.True(exit13 == 0, tls13);
        Assert.Contains("Protocol version: TLSv1.3", tls13, StringComparison.Ordinal);
        Assert.Contains("ALPN protocol: http/1.1", alpn, StringComparison.Ordinal);
        Assert.Contains("Verification: OK", tls13, StringComparison.Ordinal);
        Assert.True(exit12 == 0, tls12);
        Assert.Contains("Protocol version: TLSv1.2", tls12, StringComparison.Ordinal);
        Assert.DoesNotContain("Protocol version: TLSv1.1", tls11, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_ExpiredCertificate_ServedAndClientSaysExpired()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ExpiredCertificate},{certificates.ExpiredKey}", "--wsgi-file", App], TestApps.Folder);
        var port = HttpsPort(gantry);

        var (exit, output) = await OpenSslClient.ConnectAsync(port, "-brief", "-CAfile", certificates.CaCertificate, "-verify_return_error");

        Assert.NotEqual(0, exit);
        Assert.Contains("certificate has expired", output, StringComparison.Ordinal);
        Assert.Contains("expired", gantry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_KeyOfAnotherCertificate_StartFailsNamingTheKey()
    {
        using var certificates = TestCertificates.Create();

        var (exitCode, output) = await GantryRun.ToExitAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.OtherKey}", "--wsgi-file", App], TestApps.Folder);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"private key {certificates.OtherKey}: cannot be used with certificate {certificates.ServerCertificate}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("gantry ready", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_MissingCertificate_StartFailsNamingTheFile()
    {
        using var certificates = TestCertificates.Create();
        var missing = Path.Combine(certificates.Directory, "nope.pem");

        var (exitCode, output) = await GantryRun.ToExitAsync(
            ["--master", "--processes", "2", "--https", $"127.0.0.1:0,{missing},{certificates.ServerKey}", "--wsgi-file", App], TestApps.Folder);

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"certificate {missing}: no such file", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_RelativeFilesAndChdirElsewhere_ReadFromTheStartDirectory_AsUwsgi()
    {
        // uWSGI 2.0.21 reads --https's files before its chdir; its users write them relative to where they start it.
        using var certificates = TestCertificates.Create();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--master", "--processes", "2", "--https", "127.0.0.1:0,server.pem,server.key", "--chdir", TestApps.Folder, "--wsgi-file", "tls_app.py"],
            certificates.Directory);

        var answer = await GetJsonAsync(certificates, HttpsPort(gantry));

        Assert.Equal("https", answer.GetProperty("scheme").GetString());
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_MalformedValue_ConfigurationErrorSaysTheForm()
    {
        var (exitCode, output) = await GantryRun.ToExitAsync(["--https", "127.0.0.1:0,only-a-cert.pem", "--wsgi-file", App], TestApps.Folder);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("address,certificate.pem,key.pem", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_ClientCertificateRequired_RefusedWithoutServedWith()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey},HIGH,!{certificates.CaCertificate}",
                "--wsgi-file", App], TestApps.Folder);
        var port = HttpsPort(gantry);

        var without = await Curl.RunAsync(["-sS", "-k", $"https://127.0.0.1:{port}/"]);
        var with = await GetJsonAsync(certificates, port, "/", "--cert", certificates.ClientCertificate, "--key", certificates.ClientKey);
        var wrongClient = await Curl.RunAsync(["-sS", "-k", "--cert", certificates.ServerCertificate, "--key", certificates.ServerKey,
            $"https://127.0.0.1:{port}/"]);

        Assert.NotEqual(0, without.ExitCode);
        Assert.Equal("https", with.GetProperty("scheme").GetString());
        // The server certificate is signed by the CA but is not for client authentication.
        Assert.NotEqual(0, wrongClient.ExitCode);
        Assert.Contains("cipher list \"HIGH\" ignored", gantry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_MasterWithWorkersAndThreads_InheritedSocketServes()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates, "--master", "--processes", "2", "--threads", "2");
        var port = HttpsPort(gantry);

        var pids = new HashSet<int>();
        for (var i = 0; i < 20; i++)
        {
            var answer = await GetJsonAsync(certificates, port);
            Assert.Equal("https", answer.GetProperty("scheme").GetString());
            pids.Add(answer.GetProperty("pid").GetInt32());
        }

        Assert.NotEmpty(pids);
        Assert.DoesNotContain(gantry.Pid, pids);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_Flask_BuildsHttpsUrls()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}",
                "--wsgi-file", Path.Combine(TestApps.Folder, "tls_flask.py"), "--callable", "app"], TestApps.Folder);
        var port = HttpsPort(gantry);

        var result = await Curl.RunAsync(["-sS", "--cacert", certificates.CaCertificate, "--resolve", $"localhost:{port}:127.0.0.1",
            $"https://localhost:{port}/where"]);

        Assert.Equal($"https://localhost:{port}/where", result.StandardOutput);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_GracefulReload_NewWorkersServeRenewedCertificate()
    {
        using var certificates = TestCertificates.Create();
        var certificate = Path.Combine(certificates.Directory, "site.pem");
        var key = Path.Combine(certificates.Directory, "site.key");
        File.Copy(certificates.ServerCertificate, certificate);
        File.Copy(certificates.ServerKey, key);
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--master", "--processes", "2", "--https", $"127.0.0.1:0,{certificate},{key}", "--wsgi-file", App], TestApps.Folder);
        var port = HttpsPort(gantry);
        var (_, first) = await OpenSslClient.ConnectAsync(port, "-brief", "-CAfile", certificates.CaCertificate, "-verify_return_error");
        Assert.Contains("Verification: OK", first, StringComparison.Ordinal);

        // The operator installs another certificate (here: the expired one, so a client can tell) and reloads.
        File.Copy(certificates.ExpiredCertificate, certificate, overwrite: true);
        File.Copy(certificates.ExpiredKey, key, overwrite: true);
        var from = gantry.LineCount;
        gantry.Signal(Signum.SIGHUP);
        await gantry.WaitForOutputAsync($"gantry ready (pid {gantry.Pid}): https://127.0.0.1:{port}", TimeSpan.FromSeconds(60), from);
        var (exit, renewed) = await OpenSslClient.ConnectAsync(port, "-brief", "-CAfile", certificates.CaCertificate, "-verify_return_error");

        Assert.NotEqual(0, exit);
        Assert.Contains("certificate has expired", renewed, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_Sni_NamedHostGetsItsCertificateOthersTheSockets()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates, "--sni", $"api.test={certificates.ApiCertificate},{certificates.ApiKey}");
        var port = HttpsPort(gantry);

        var api = await Curl.RunAsync(["-sS", "--cacert", certificates.CaCertificate, "--resolve", $"api.test:{port}:127.0.0.1",
            "-o", "/dev/null", "-w", "%{http_code}", $"https://api.test:{port}/"]);
        var localhost = await GetJsonAsync(certificates, port);
        var (_, apiHandshake) = await OpenSslClient.ConnectAsync(port, "-servername", "api.test");

        Assert.True(api.ExitCode == 0, api.StandardError);
        Assert.Equal("200", api.StandardOutput);
        Assert.Equal("https", localhost.GetProperty("scheme").GetString());
        Assert.Contains("CN = api.test", apiHandshake, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_SessionResumption_SecondHandshakeReusesTheSession()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates);
        var port = HttpsPort(gantry);
        var session = Path.Combine(certificates.Directory, "session.pem");

        var (_, first) = await OpenSslClient.ConnectAsync(port, "-tls1_2", "-sess_out", session);
        var (_, second) = await OpenSslClient.ConnectAsync(port, "-tls1_2", "-sess_in", session);

        Assert.Contains("New, TLSv1.2", first, StringComparison.Ordinal);
        Assert.Contains("Reused, TLSv1.2", second, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }
}
