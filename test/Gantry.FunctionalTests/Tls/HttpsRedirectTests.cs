using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// uWSGI's <c>http-to-https = addr[,port]</c> (every request on that plain socket answered 301 to https://host[:port]/uri)
/// and Gantry's <c>https-hsts</c> (Strict-Transport-Security on HTTPS responses only), checked with curl.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class HttpsRedirectTests
{
    private static string App => Path.Combine(TestApps.Folder, "tls_app.py");

    /// <summary>An HTTPS socket with the test certificate, plus <paramref name="more"/> options, serving tls_app.py.</summary>
    private static Task<GantryProcess> StartAsync(TestCertificates certificates, params string[] more) =>
        GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", .. more, "--wsgi-file", App], TestApps.Folder);

    /// <summary>curl's status code and redirect target for <paramref name="url"/>, with <paramref name="more"/> options.</summary>
    private static async Task<string> RedirectOfAsync(string url, params string[] more) =>
        (await Curl.RunAsync(["-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", .. more, url])).StandardOutput;

    [Fact]
    public async Task HttpToHttps_AnyRequest_MovedPermanentlyToHttpsWithPortAndUri()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates, "--http-to-https", "127.0.0.1:0,8443");
        var port = gantry.Addresses.First(address => address.Scheme == "http").Port;

        var get = await Curl.RunAsync(["-sS", "-D", "-", "-o", "/dev/null", "-H", "Host: www.example.test:8080", $"http://127.0.0.1:{port}/a/b?c=d"]);
        var post = await RedirectOfAsync($"http://127.0.0.1:{port}/form", "--data-binary", "xyz", "-H", "Host: example.test");

        Assert.True(get.ExitCode == 0, get.StandardError);
        Assert.StartsWith("HTTP/1.1 301 Moved Permanently\r\n", get.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Location: https://www.example.test:8443/a/b?c=d\r\n", get.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("301 https://example.test:8443/form", post);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task HttpToHttps_WithoutPort_LocationHasHostOnly()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates, "--http-to-https", "127.0.0.1:0");
        var port = gantry.Addresses.First(address => address.Scheme == "http").Port;

        Assert.Equal("301 https://localhost/x", await RedirectOfAsync($"http://localhost:{port}/x"));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task HttpToHttps_UnderMasterWithWorkers_InheritedSocketRedirects()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates, "--master", "--processes", "2", "--http-to-https", "127.0.0.1:0");
        var port = gantry.Addresses.First(address => address.Scheme == "http").Port;

        Assert.Equal("301 https://site.test/m", await RedirectOfAsync($"http://127.0.0.1:{port}/m", "-H", "Host: site.test"));
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task HttpsHsts_HttpsResponsesCarryIt()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await StartAsync(certificates, "--https-hsts", "31536000,includeSubDomains,preload", "--http-socket", "127.0.0.1:0");
        var https = gantry.Addresses.First(address => address.Scheme == "https").Port;
        var http = gantry.Addresses.First(address => address.Scheme == "http").Port;

        var secure = await Curl.RunAsync(["-sS", "-k", "-D", "-", "-o", "/dev/null", $"https://127.0.0.1:{https}/"]);
        var plain = await Curl.RunAsync(["-sS", "-D", "-", "-o", "/dev/null", $"http://127.0.0.1:{http}/"]);

        Assert.True(secure.ExitCode == 0, secure.StandardError);
        Assert.Contains("strict-transport-security: max-age=31536000; includeSubDomains; preload\r\n", secure.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("strict-transport-security", plain.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task HttpsHsts_NotANumber_ConfigurationErrorSaysTheForm()
    {
        using var certificates = TestCertificates.Create();

        var (exitCode, output) = await GantryRun.ToExitAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", "--https-hsts", "one-year", "--wsgi-file", App],
            TestApps.Folder);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("max-age seconds[,includeSubDomains][,preload]", output, StringComparison.Ordinal);
    }
}
