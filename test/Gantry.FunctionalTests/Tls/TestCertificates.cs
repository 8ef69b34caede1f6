using System.Diagnostics;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Tls;

/// <summary>
/// A test CA made by /usr/bin/openssl in a temporary directory: a server certificate for localhost and 127.0.0.1, a
/// client certificate, an expired server certificate (openssl ca with fixed 2020 dates) and a key that fits nothing.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private const string OpenSsl = "/usr/bin/openssl";
    private readonly TemporaryDirectory _directory = RepoPaths.CreateTemporaryDirectory("tls");

    private TestCertificates()
    {
    }

    public string Directory => _directory.Path;
    public string CaCertificate => _directory.Combine("ca.pem");
    public string ServerCertificate => _directory.Combine("server.pem");
    public string ServerKey => _directory.Combine("server.key");
    public string ClientCertificate => _directory.Combine("client.pem");
    public string ClientKey => _directory.Combine("client.key");
    public string ExpiredCertificate => _directory.Combine("expired.pem");
    public string ExpiredKey => _directory.Combine("expired.key");
    public string OtherKey => _directory.Combine("other.key");
    public string ApiCertificate => _directory.Combine("api.pem");
    public string ApiKey => _directory.Combine("api.key");
    public string ChainedCertificate => _directory.Combine("chained-full.pem");
    public string ChainedKey => _directory.Combine("chained.key");

    public static TestCertificates Create()
    {
        Assert.True(File.Exists(OpenSsl), $"{OpenSsl} is missing: install the openssl package");
        var certificates = new TestCertificates();
        var d = certificates._directory;
        d.WriteFile("server.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        d.WriteFile("client.ext", "extendedKeyUsage=clientAuth\n");
        d.WriteFile("index.txt", "");
        d.WriteFile("serial", "1000\n");
        d.WriteFile("ca.cnf", """
            [ca]
            default_ca = test_ca
            [test_ca]
            dir = .
            database = index.txt
            new_certs_dir = .
            serial = serial
            default_md = sha256
            policy = any
            copy_extensions = copy
            unique_subject = no
            [any]
            commonName = supplied
            """);
        certificates.Run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
            "-subj", "/CN=Gantry Test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        certificates.Issue("server", "localhost", "server.ext");
        certificates.Issue("client", "gantry test client", "client.ext");
        d.WriteFile("api.ext", "subjectAltName=DNS:api.test\nextendedKeyUsage=serverAuth\n");
        certificates.Issue("api", "api.test", "api.ext");
        certificates.Run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "other.key");
        certificates.Run("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "expired.key", "-out", "expired.csr", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        certificates.Run("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", "expired.csr", "-out", "expired.pem",
            "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-notext");
        return certificates;
    }

    /// <summary>
    /// "chain.test" signed by an intermediate CA that the test CA signed; <see cref="ChainedCertificate"/> holds the leaf
    /// then the intermediate, so a client trusting only the test CA verifies it only if the server sends both.
    /// </summary>
    public void CreateChained()
    {
        _directory.WriteFile("intermediate.ext", "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        Issue("intermediate", "Gantry Test Intermediate", "intermediate.ext");
        _directory.WriteFile("chained.ext", "subjectAltName=DNS:chain.test\nextendedKeyUsage=serverAuth\n");
        Run("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "chained.key", "-out", "chained.csr", "-subj", "/CN=chain.test");
        Run("x509", "-req", "-in", "chained.csr", "-CA", "intermediate.pem", "-CAkey", "intermediate.key", "-CAcreateserial", "-out", "chained.pem",
            "-days", "30", "-extfile", "chained.ext");
        _directory.WriteFile("chained-full.pem", File.ReadAllText(_directory.Combine("chained.pem")) + File.ReadAllText(_directory.Combine("intermediate.pem")));
    }

    /// <summary>
    /// "localhost" with serial <paramref name="serial"/> (hex) and <paramref name="responder"/> as its OCSP URL, in
    /// stapled.pem/.key; stapled-full.pem holds the leaf then the CA's root.
    /// </summary>
    public void IssueStapled(string serial, string responder)
    {
        _directory.WriteFile("stapled.ext", $"subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nauthorityInfoAccess=OCSP;URI:{responder}\n");
        Run("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "stapled.key", "-out", "stapled.csr", "-subj", "/CN=localhost");
        Run("x509", "-req", "-in", "stapled.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", $"0x{serial}", "-out", "stapled.pem",
            "-days", "30", "-extfile", "stapled.ext");
        _directory.WriteFile("stapled-full.pem", File.ReadAllText(_directory.Combine("stapled.pem")) + File.ReadAllText(CaCertificate));
    }

    private void Issue(string name, string commonName, string extensions)
    {
        Run("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", $"{name}.key", "-out", $"{name}.csr", "-subj", $"/CN={commonName}");
        Run("x509", "-req", "-in", $"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", $"{name}.pem", "-days", "30",
            "-extfile", extensions);
    }

    private void Run(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(OpenSsl)
        {
            WorkingDirectory = _directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = Process.Start(startInfo)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), $"openssl {string.Join(' ', arguments)} did not finish in 60 s");
        Assert.True(process.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed: {error.Result}");
    }

    public void Dispose() => _directory.Dispose();
}
