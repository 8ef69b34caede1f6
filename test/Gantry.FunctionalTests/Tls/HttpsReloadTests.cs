using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Gantry.FunctionalTests.Infrastructure;
using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// SIGHUP without a master: the certificate and key files are read again, new handshakes get the new certificate
/// (openssl s_client reads it), and a connection made before keeps answering on the old one. And what the per-handshake
/// options brought: an SNI certificate's intermediates are sent.
/// </summary>
[Collection(GantryCollection.Name)]
public sealed class HttpsReloadTests
{
    private static string App => Path.Combine(TestApps.Folder, "tls_app.py");

    [Fact]
    public async Task Https_SighupWithoutMaster_NewHandshakesGetNewCertificateKeptConnectionAnswers()
    {
        using var certificates = TestCertificates.Create();
        var (certificate, key) = CopyServerFiles(certificates);
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificate},{key}", "--wsgi-file", App], TestApps.Folder);
        var port = gantry.Addresses.First(address => address.Scheme == "https").Port;
        var (_, before) = await OpenSslClient.ConnectAsync(port, "-brief", "-CAfile", certificates.CaCertificate, "-verify_return_error");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        await using var kept = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        await kept.AuthenticateAsClientAsync("localhost");
        var first = await GetAsync(kept);

        // The operator installs another certificate (the expired one, so a client can tell) and sends SIGHUP.
        File.Copy(certificates.ExpiredCertificate, certificate, overwrite: true);
        File.Copy(certificates.ExpiredKey, key, overwrite: true);
        var from = gantry.LineCount;
        gantry.Signal(Signum.SIGHUP);
        await gantry.WaitForOutputAsync("https: certificates reloaded", TimeSpan.FromSeconds(60), from);
        var (exit, after) = await OpenSslClient.ConnectAsync(port, "-brief", "-CAfile", certificates.CaCertificate, "-verify_return_error");
        var second = await GetAsync(kept);

        Assert.Contains("Verification: OK", before, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", first, StringComparison.Ordinal);
        Assert.NotEqual(0, exit);
        Assert.Contains("certificate has expired", after, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", second, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_SighupWithBrokenKey_OldCertificateStaysAndErrorNamesTheFile()
    {
        using var certificates = TestCertificates.Create();
        var (certificate, key) = CopyServerFiles(certificates);
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificate},{key}", "--wsgi-file", App], TestApps.Folder);
        var port = gantry.Addresses.First(address => address.Scheme == "https").Port;

        File.Copy(certificates.OtherKey, key, overwrite: true);
        var from = gantry.LineCount;
        gantry.Signal(Signum.SIGHUP);
        await gantry.WaitForOutputAsync("certificates not reloaded", TimeSpan.FromSeconds(60), from);
        var (exit, after) = await OpenSslClient.ConnectAsync(port, "-brief", "-CAfile", certificates.CaCertificate, "-verify_return_error");

        Assert.Contains($"private key {key}: cannot be used with certificate {certificate}", gantry.Output, StringComparison.Ordinal);
        Assert.True(exit == 0, after);
        Assert.Contains("Verification: OK", after, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    [Fact]
    public async Task Https_SniCertificateWithIntermediate_ClientTrustingOnlyRootVerifies()
    {
        using var certificates = TestCertificates.Create();
        certificates.CreateChained();
        await using var gantry = await GantryProcess.StartReadyAsync(
            ["--https", $"127.0.0.1:0,{certificates.ServerCertificate},{certificates.ServerKey}",
                "--sni", $"chain.test={certificates.ChainedCertificate},{certificates.ChainedKey}", "--wsgi-file", App], TestApps.Folder);
        var port = gantry.Addresses.First(address => address.Scheme == "https").Port;

        var (exit, output) = await OpenSslClient.ConnectAsync(port, "-servername", "chain.test", "-CAfile", certificates.CaCertificate,
            "-verify_return_error", "-showcerts");

        Assert.True(exit == 0, output);
        Assert.Contains("CN = Gantry Test Intermediate", output, StringComparison.Ordinal);
        Assert.Contains("Verify return code: 0 (ok)", output, StringComparison.Ordinal);
        Assert.Equal(0, await gantry.StopAsync());
    }

    /// <summary>The server's certificate and key copied to files the test replaces later.</summary>
    private static (string Certificate, string Key) CopyServerFiles(TestCertificates certificates)
    {
        var certificate = Path.Combine(certificates.Directory, "site.pem");
        var key = Path.Combine(certificates.Directory, "site.key");
        File.Copy(certificates.ServerCertificate, certificate);
        File.Copy(certificates.ServerKey, key);
        return (certificate, key);
    }

    /// <summary>One GET on a kept HTTP/1.1 connection; returns the head and body (Content-Length framed).</summary>
    private static async Task<string> GetAsync(SslStream tls)
    {
        await tls.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var text = Encoding.Latin1.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var lengthLine = text[..end].Split("\r\n").FirstOrDefault(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                Assert.NotNull(lengthLine);
                var length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                if (text.Length >= end + 4 + length)
                {
                    return text;
                }
            }
            var read = await tls.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, "the kept connection was closed");
            received.Write(buffer, 0, read);
        }
    }
}
