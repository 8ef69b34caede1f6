using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>
/// PEP 3333's streaming rules behind real nginx: with <c>uwsgi_buffering off</c> / <c>fastcgi_buffering off</c> a
/// yielded block reaches the client before the application is asked for the next one (the app waits for the client
/// to say go once "first" arrived), and a response cut after its head (start_response re-raising exc_info) reaches
/// the client cut, through every nginx site, never as a whole response.
/// </summary>
public sealed class StreamingThroughNginxTests(FrontsFixture fronts) : IClassFixture<FrontsFixture>
{
    [Theory]
    [InlineData(FrontSite.UwsgiTcpUnbuffered)]
    [InlineData(FrontSite.FastCgiTcpUnbuffered)]
    public void Generator_Unbuffered_FirstBlockArrivesBeforeTheSecondIsProduced(FrontSite site)
    {
        var go = Path.Combine(fronts.Scratch, $"go-{site}-{Guid.NewGuid():N}");
        using var connection = new RawHttpConnection(fronts.Port(site));

        connection.Send($"GET /handshake?go={Uri.EscapeDataString(go)} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        connection.WaitFor("first\n");
        File.WriteAllText(go, "go");
        var response = connection.Read();

        Assert.True(response.Status == 200, $"status {response.Status}\n{fronts.Logs}");
        Assert.Equal("first\nsecond\n", System.Text.Encoding.ASCII.GetString(response.Body));
    }

    [Theory]
    [InlineData(FrontSite.UwsgiTcp)]
    [InlineData(FrontSite.FastCgiTcp)]
    [InlineData(FrontSite.FastCgiTcpKeepConnection)]
    [InlineData(FrontSite.FastCgiUnix)]
    [InlineData(FrontSite.UwsgiTcpUnbuffered)]
    [InlineData(FrontSite.FastCgiTcpUnbuffered)]
    public void ExcInfo_AfterTheFirstBlock_ClientSeesACutResponse(FrontSite site)
    {
        using var connection = new RawHttpConnection(fronts.Port(site));

        // The uwsgi and FastCGI bodies have no end marker nginx would miss, so gantry resets the TCP connection (and
        // sends FastCGI a header nginx cannot read): nginx reports an upstream error and ends its chunked response to
        // the client without the last chunk. Not over uwsgi on a unix socket, which has no reset: nginx takes the
        // close for the end there (docs/compatibility.md).
        connection.Send("GET /cut HTTP/1.1\r\nHost: t\r\n\r\n");
        var failure = Record.Exception(() => connection.Read());

        Assert.True(failure is IOException, $"expected a cut response, got {failure?.ToString() ?? "a whole one"}\n{fronts.Logs}");
        Assert.Contains("too late to replace the headers", fronts.Gantry.Output, StringComparison.Ordinal);
    }
}
