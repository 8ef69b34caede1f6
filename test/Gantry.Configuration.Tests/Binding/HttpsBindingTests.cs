using Gantry.Configuration.Tests.Support;

namespace Gantry.Configuration.Tests.Binding;

/// <summary>uWSGI's <c>https = addr,cert,key[,ciphers[,ca]]</c> (plugins/http/https.c) and Gantry's <c>http2</c>.</summary>
public sealed class HttpsBindingTests
{
    [Fact]
    public void Load_HttpsWithEveryField_Parsed()
    {
        var options = Config.Succeed(Config.Load("--https", ":8443,site.pem,site.key,HIGH,!ca.pem", "--https-socket", "127.0.0.1:9443,a.pem,a.key",
            "--module", "app", "--http2"));

        Assert.Equal(2, options.HttpsSockets.Count);
        Assert.Equal(new HttpsSocketOptions(":8443", "site.pem", "site.key", "HIGH", "ca.pem", true), options.HttpsSockets[0]);
        Assert.Equal(new HttpsSocketOptions("127.0.0.1:9443", "a.pem", "a.key", null, null, false), options.HttpsSockets[1]);
        Assert.True(options.Http2);
    }

    [Fact]
    public void Load_CaWithoutBang_VerifiesWithoutRequiring()
    {
        var options = Config.Succeed(Config.Load("--https", ":8443,c.pem,k.pem,,ca.pem", "--module", "app"));

        Assert.Equal(new HttpsSocketOptions(":8443", "c.pem", "k.pem", null, "ca.pem", false), Assert.Single(options.HttpsSockets));
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
        Assert.Equal("api.pem", sni.Files.CertificateFile);
        Assert.Equal("api.key", sni.Files.KeyFile);
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
}
