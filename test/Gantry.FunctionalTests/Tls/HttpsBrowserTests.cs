using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>Debian's headless Chromium loads a page over HTTPS + HTTP/2 from Gantry, trusting the test certificate by its SPKI hash.</summary>
[Collection(GantryCollection.Name)]
public sealed class HttpsBrowserTests
{
    [Fact]
    public async Task Chromium_HttpsWithHttp2_LoadsPageOverH2()
    {
        using var certificates = TestCertificates.Create();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}", "--http2",
                "--wsgi-file", Path.Combine(TestApps.Folder, "tls_app.py")], TestApps.Folder);
        var port = gantry.Addresses.First(address => address.Scheme == "https").Port;
        await using var browser = await ChromiumBrowser.StartTrustingAsync(certificates.ServerCertificate);

        await browser.CallAsync("Page.navigate", $"{{\"url\":{ChromiumBrowser.Quote($"https://localhost:{port}/page?from=chromium")}}}");
        var seen = await browser.WaitForAsync(
            "(performance.getEntriesByType('navigation')[0] || {}).nextHopProtocol + '|' + (document.body ? document.body.innerText : '')",
            value => value.Contains("\"path\"", StringComparison.Ordinal), TimeSpan.FromSeconds(60));

        Assert.StartsWith("h2|", seen, StringComparison.Ordinal);
        Assert.Contains("\"scheme\": \"https\"", seen, StringComparison.Ordinal);
        Assert.Contains("\"protocol\": \"HTTP/2\"", seen, StringComparison.Ordinal);
        Assert.Contains("\"query\": \"from=chromium\"", seen, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }
}
