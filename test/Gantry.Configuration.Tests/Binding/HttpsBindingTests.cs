using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests.Binding;

/// <summary>
/// uWSGI's <c>https = addr,cert,key[,ciphers[,ca]]</c> (plugins/http/https.c) and Gantry's <c>http2</c>; relative files
/// from the directory gantry started in (here "/").
/// </summary>
public sealed class HttpsBindingTests
{
    [Fact]
    public void Load_HttpsWithEveryField_Parsed()
    {
        var options = Config.Succeed(Config.Load("--https", ":8443,site.pem,site.key,HIGH,!ca.pem", "--https-socket", "127.0.0.1:9443,a.pem,a.key",
            "--module", "app", "--http2"));

        Assert.Equal(2, options.HttpsSockets.Count);
        Assert.Equal(new HttpsSocketOptions(":8443", "/site.pem", "/site.key", "HIGH", "/ca.pem", true), options.HttpsSockets[0]);
        Assert.Equal(new HttpsSocketOptions("127.0.0.1:9443", "/a.pem", "/a.key", null, null, false), options.HttpsSockets[1]);
        Assert.True(options.Http2);
    }

    [Fact]
    public void Load_CaWithoutBang_VerifiesWithoutRequiring()
    {
        var options = Config.Succeed(Config.Load("--https", ":8443,c.pem,k.pem,,ca.pem", "--module", "app"));

        Assert.Equal(new HttpsSocketOptions(":8443", "/c.pem", "/k.pem", null, "/ca.pem", false), Assert.Single(options.HttpsSockets));
        Assert.False(options.Http2);
    }

    [Fact]
    public void Load_HttpsOnly_IsASocketToServe()
    {
        Assert.NotNull(Config.Load("--https", ":8443,c.pem,k.pem", "--module", "app").Options);
    }

    [Theory]
    [InlineData(":8443")]
    [InlineData(":8443,cert.pem")]
    [InlineData(":8443,,key.pem")]
    [InlineData(":8443,c.pem,k.pem,HIGH,ca.pem,extra")]
    public void Load_HttpsMissingField_ErrorSaysTheForm(string value)
    {
        var result = Config.Load("--https", value, "--module", "app");

        Assert.Null(result.Options);
        Assert.Contains("address,certificate.pem,key.pem", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SslTuningRows_IgnoredWithReason()
    {
        var result = Config.Load("--https", ":8443,c.pem,k.pem", "--module", "app", "--ssl-sessions-timeout", "300", "--ssl-enable-tlsv1");

        Assert.NotNull(result.Options);
        Assert.Contains(result.Notices, notice => notice.Contains("ssl-sessions-timeout", StringComparison.Ordinal));
        Assert.Contains(result.Notices, notice => notice.Contains("ssl-enable-tlsv1", StringComparison.Ordinal) && notice.Contains("RFC 8996", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_Sni_NameAndFilesParsed()
    {
        var options = Config.Succeed(Config.Load("--https", ":8443,c.pem,k.pem", "--sni", "api.example.com=api.pem,api.key", "--module", "app"));

        var sni = Assert.Single(options.SniCertificates);
        Assert.Equal("api.example.com", sni.ServerName);
        Assert.Equal("/api.pem", sni.Files.CertificateFile);
        Assert.Equal("/api.key", sni.Files.KeyFile);
    }

    [Fact]
    public void Load_RelativeFilesWithChdir_FromTheStartDirectory_AsUwsgiReadsThem()
    {
        // uWSGI 2.0.21 reads --https's files before its chdir: `cd /srv/tls && uwsgi --https :8443,cert.pem,key.pem
        // --chdir /srv/app` serves /srv/tls/cert.pem (and with the files only in /srv/app it fails).
        var options = Config.Succeed(Config.LoadIn("/srv/tls", "--https", ":8443,cert.pem,keys/key.pem,,../ca/ca.pem", "--chdir", "/srv/app",
            "--sni", "api.example.com=api.pem,/etc/api.key", "--module", "app"));

        Assert.Equal(new HttpsSocketOptions(":8443", "/srv/tls/cert.pem", "/srv/tls/keys/key.pem", null, "/srv/ca/ca.pem", false),
            Assert.Single(options.HttpsSockets));
        var sni = Assert.Single(options.SniCertificates);
        Assert.Equal("/srv/tls/api.pem", sni.Files.CertificateFile);
        Assert.Equal("/etc/api.key", sni.Files.KeyFile);
    }

    [Theory]
    [InlineData("api.pem,api.key")]
    [InlineData("api.example.com=api.pem")]
    public void Load_SniMalformed_ErrorSaysTheForm(string value)
    {
        var result = Config.Load("--https", ":8443,c.pem,k.pem", "--sni", value, "--module", "app");

        Assert.Null(result.Options);
        Assert.Contains("name=certificate.pem,key.pem", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SniWithoutHttps_Error()
    {
        var result = Config.Load("--http", ":8080", "--sni", "a=c.pem,k.pem", "--module", "app");

        Assert.Contains("add https = ", Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HttpToHttpsAndHsts_Parsed()
    {
        var options = Config.Succeed(Config.Load("--https", ":8443,c.pem,k.pem", "--http-to-https", ":8080,8443", "--http-to-https", "127.0.0.1:80",
            "--https-hsts", "31536000,includeSubDomains,preload", "--module", "app"));

        Assert.Equal([new HttpsRedirectSocketOptions(":8080", "8443"), new HttpsRedirectSocketOptions("127.0.0.1:80", null)], options.HttpsRedirectSockets);
        Assert.Equal("max-age=31536000; includeSubDomains; preload", options.HttpsHsts);
    }

    [Theory]
    [InlineData("--http-to-https", ":8080,port", "is not a port")]
    [InlineData("--http-to-https", ":8080,70000", "is not a port")]
    [InlineData("--https-hsts", "forever", "max-age seconds")]
    [InlineData("--https-hsts", "600,always", "unknown directive \"always\"")]
    public void Load_BadRedirectOrHsts_ErrorSaysTheForm(string option, string value, string expected)
    {
        var result = Config.Load("--https", ":8443,c.pem,k.pem", option, value, "--module", "app");

        Assert.Null(result.Options);
        Assert.Contains(expected, Config.ErrorText(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HstsWithoutHttps_ErrorSaysWhy()
    {
        var result = Config.Load("--http", ":8080", "--https-hsts", "600", "--module", "app");

        Assert.Null(result.Options);
        Assert.Contains("RFC 6797", Config.ErrorText(result), StringComparison.Ordinal);
    }
}
