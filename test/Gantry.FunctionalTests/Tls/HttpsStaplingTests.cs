using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// OCSP stapling (<c>--ssl-stapling</c>, nginx's <c>ssl_stapling on</c>) against OpenSSL's own OCSP responder for a
/// test CA, read by <c>openssl s_client -status</c>, which prints the stapled answer it got in the handshake.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class HttpsStaplingTests
{
    private static string App => Path.Combine(TestApps.Folder, "tls_app.py");

    private static Task<GantryProcess> StartAsync(string certificate, string key, params string[] more) =>
        GantryProcess.StartReadyAsync(["--https", $"127.0.0.1:0,{certificate},{key}", "--wsgi-file", App, .. more], TestApps.Folder);

    private static int HttpsPort(GantryProcess gantry) => gantry.Addresses.First(address => address.Scheme == "https").Port;

    private static Task<(int ExitCode, string Output)> StatusAsync(int port) => OpenSslClient.ConnectAsync(port, "-status");

    [Fact]
    public async Task Stapling_ClientAsksForStatus_GetsResponderAnswerGood()
    {
        using var certificates = TestCertificates.Create();
        using var responder = OcspResponder.Start(certificates);
        await using var gantry = await StartAsync(responder.CertificateFile, responder.KeyFile, "--ssl-stapling");
        var port = HttpsPort(gantry);

        // The answer is fetched in the background after start-up and handshakes never wait for it: ask until it is
        // stapled, within a bound a loaded machine cannot miss.
        var output = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            (var exitCode, output) = await StatusAsync(port);
            Assert.True(exitCode == 0, output);
            if (output.Contains("Cert Status: good", StringComparison.Ordinal))
            {
                break;
            }
            await Task.Delay(200);
        }

        Assert.Contains("OCSP Response Status: successful", output, StringComparison.Ordinal);
        Assert.Contains("Cert Status: good", output, StringComparison.Ordinal);
        Assert.Contains("Responder Id: CN = Gantry Test CA", output, StringComparison.Ordinal);
        Assert.True(responder.Requests >= 1, "the responder got no request");
        // One answer serves every later handshake until it nears its end (-ndays 1): no request per handshake.
        var asked = responder.Requests;
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("Cert Status: good", (await StatusAsync(port)).Output, StringComparison.Ordinal);
        }
        Assert.Equal(asked, responder.Requests);
        Assert.DoesNotContain("ssl-stapling:", gantry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Stapling_Off_NoAnswerSentAndResponderNotAsked()
    {
        using var certificates = TestCertificates.Create();
        using var responder = OcspResponder.Start(certificates);
        await using var gantry = await StartAsync(responder.CertificateFile, responder.KeyFile);

        var (exitCode, output) = await StatusAsync(HttpsPort(gantry));

        Assert.True(exitCode == 0, output);
        Assert.Contains("OCSP response: no response sent", output, StringComparison.Ordinal);
        Assert.Equal(0, responder.Requests);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Stapling_CertificateNamesNoResponder_LogsWhyAndServes()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates.ServerCertificate, certificates.ServerKey, "--ssl-stapling");

        var (exitCode, output) = await StatusAsync(HttpsPort(gantry));

        Assert.True(exitCode == 0, output);
        Assert.Contains("OCSP response: no response sent", output, StringComparison.Ordinal);
        Assert.Contains($"ssl-stapling: certificate {certificates.ServerCertificate}: no http OCSP responder URL", gantry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Stapling_ChainStopsShortOfRoot_LogsWhy()
    {
        using var certificates = TestCertificates.Create();
        using var responder = OcspResponder.Start(certificates);
        // The leaf alone: its issuer (the test CA) is neither in the file nor in the system store.
        await using var gantry = await StartAsync(Path.Combine(certificates.Directory, "stapled.pem"), responder.KeyFile, "--ssl-stapling");

        Assert.Contains("its chain does not reach a root", gantry.Output, StringComparison.Ordinal);
        var (exitCode, output) = await StatusAsync(HttpsPort(gantry));
        Assert.True(exitCode == 0, output);
        Assert.Contains("OCSP response: no response sent", output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }
}
