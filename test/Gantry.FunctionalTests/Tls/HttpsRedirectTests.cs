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

    [Fact]
    public async Task HttpToHttps_AnyRequest_MovedPermanentlyToHttpsWithPortAndUri()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", "--http-to-https", "127.0.0.1:0,8443",
                "--wsgi-file", App], TestApps.Folder);
        var port = gantry.Addresses.First(address => address.Scheme == "http").Port;

        var get = await Curl.RunAsync(["-sS", "-D", "-", "-o", "/dev/null", "-H", "Host: www.example.test:8080", $"http://127.0.0.1:{port}/a/b?c=d"]);
        var post = await Curl.RunAsync(["-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "--data-binary", "xyz",
            "-H", "Host: example.test", $"http://127.0.0.1:{port}/form"]);

        Assert.True(get.ExitCode == 0, get.StandardError);
        Assert.StartsWith("HTTP/1.1 301 Moved Permanently\r\n", get.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Location: https://www.example.test:8443/a/b?c=d\r\n", get.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("301 https://example.test:8443/form", post.StandardOutput);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task HttpToHttps_WithoutPort_LocationHasHostOnly()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", "--http-to-https", "127.0.0.1:0",
                "--wsgi-file", App], TestApps.Folder);
        var port = gantry.Addresses.First(address => address.Scheme == "http").Port;

        var result = await Curl.RunAsync(["-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", $"http://localhost:{port}/x"]);

        Assert.Equal("301 https://localhost/x", result.StandardOutput);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task HttpToHttps_UnderMasterWithWorkers_InheritedSocketRedirects()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--master", "--processes", "2", "--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}",
                "--http-to-https", "127.0.0.1:0", "--wsgi-file", App], TestApps.Folder);
        var port = gantry.Addresses.First(address => address.Scheme == "http").Port;

        var result = await Curl.RunAsync(["-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", "-H", "Host: site.test", $"http://127.0.0.1:{port}/m"]);

        Assert.Equal("301 https://site.test/m", result.StandardOutput);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task HttpsHsts_HttpsResponsesCarryIt()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", "--https-hsts", "31536000,includeSubDomains,preload",
                "--http-socket", "127.0.0.1:0", "--wsgi-file", App], TestApps.Folder);
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
