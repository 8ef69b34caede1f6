using System.Text;
using Gantry.Application;
using Gantry.Server.Listeners;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Uwsgi;

/// <summary>The uwsgi front over real loopback sockets, with packets shaped as nginx's uwsgi_params sends them.</summary>
public sealed class UwsgiConnectionTests
{
    [Fact]
    public void Get_NginxParams_VariablesReachApplicationAsGiven()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Echo());
        using var client = new UwsgiClient(host.Endpoint);
        var response = client.Request(UwsgiClient.NginxGet());
        Assert.Equal(200, response.Status);
        var variables = response.Variables;
        foreach (var (key, value) in UwsgiClient.NginxGet())
        {
            Assert.Equal(value, variables[key]);
        }
        Assert.Equal("off", variables["https"]);
        Assert.Equal("0", variables["body_length"]);
    }

    [Fact]
    public void Response_StagedBody_StatusLineEchoesProtocolWithContentLength()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Hello());
        using var client = new UwsgiClient(host.Endpoint);
        var variables = UwsgiClient.NginxGet().Select(v => v.Key == "SERVER_PROTOCOL" ? (v.Key, "HTTP/1.0") : v);
        var response = client.Request(variables);
        Assert.Equal("HTTP/1.0 200 OK", response.StatusLine);
        Assert.Equal("11", response.Headers["content-length"]);
        Assert.False(response.Headers.ContainsKey("transfer-encoding"));
        Assert.Equal("Hello World", response.Text);
    }

    [Fact]
    public void Response_ServerProtocolNotHttp_StatusLineFallsBackToHttp10()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Hello());
        using var client = new UwsgiClient(host.Endpoint);
        var variables = UwsgiClient.NginxGet().Select(v => v.Key == "SERVER_PROTOCOL" ? (v.Key, "HTTP/1.1\r\nX-Injected: 1") : v);
        var response = client.Request(variables);
        Assert.Equal("HTTP/1.0 200 OK", response.StatusLine);
        Assert.False(response.Headers.ContainsKey("x-injected"));
    }

    [Fact]
    public void Post_BodyOfContentLength_ReachesApplication()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Echo());
        using var client = new UwsgiClient(host.Endpoint);
        var response = client.Request(UwsgiClient.NginxGet(method: "POST", contentLength: "5"), "hello"u8.ToArray());
        Assert.Equal("5", response.Variables["body_length"]);
        Assert.EndsWith("body=hello", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Post_LargeBodyInPieces_SpooledAndComplete()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Echo(), new ServerOptions { DisableLogging = true, BodyMemoryLimit = 64 * 1024 });
        using var client = new UwsgiClient(host.Endpoint);
        var body = TestApps.PatternBytes(300_000);
        client.Send(UwsgiClient.Packet(UwsgiClient.NginxGet(method: "POST", contentLength: "300000")));
        for (var offset = 0; offset < body.Length; offset += 70_000)
        {
            client.Send(body[offset..Math.Min(body.Length, offset + 70_000)]);
            Thread.Sleep(5);
        }
        var response = RawGatewayResponse.Parse(client.ReadToEnd());
        Assert.Equal("300000", response.Variables["body_length"]);
        Assert.EndsWith(Encoding.Latin1.GetString(body[^100..]), response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void StreamedResponse_NoContentLength_CloseDelimitedNeverChunked()
    {
        var application = new TestApplication(chunkSize: 64 * 1024, chunks: 64);
        using var host = new FrontHost(ListenerProtocol.Uwsgi, application);
        using var client = new UwsgiClient(host.Endpoint);
        client.Socket.ReceiveBufferSize = 65536;
        client.Send(UwsgiClient.Packet(UwsgiClient.NginxGet()));
        Thread.Sleep(200);
        var response = RawGatewayResponse.Parse(client.ReadToEnd());
        Assert.Equal(200, response.Status);
        Assert.False(response.Headers.ContainsKey("content-length"));
        Assert.False(response.Headers.ContainsKey("transfer-encoding"));
        Assert.Equal(64 * 64 * 1024, response.Body.Length);
        Assert.Equal(TestApps.Pattern(64 * 1024 - 1), response.Body[64 * 1024 - 1]);
        Assert.Equal(1, application.Completions);
    }

    [Fact]
    public void Head_StagedBody_ContentLengthOfGetWithoutBody()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Hello());
        using var client = new UwsgiClient(host.Endpoint);
        var response = client.Request(UwsgiClient.NginxGet(method: "HEAD"));
        Assert.Equal(200, response.Status);
        Assert.Equal("11", response.Headers["content-length"]);
        Assert.Empty(response.Body);
    }

    [Theory]
    [InlineData("UWSGI_SCHEME", "https", "on")]
    [InlineData("HTTPS", "on", "on")]
    [InlineData("HTTPS", "1", "on")]
    [InlineData("HTTPS", "off", "off")]
    [InlineData("HTTP_X_FORWARDED_PROTO", "https", "on")]
    [InlineData("UWSGI_SCHEME", "http", "off")]
    public void Scheme_VariableAsUwsgiReadsIt_IsHttpsSet(string key, string value, string expected)
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Echo());
        using var client = new UwsgiClient(host.Endpoint);
        var response = client.Request([.. UwsgiClient.NginxGet(), (key, value)]);
        Assert.Equal(expected, response.Variables["https"]);
        Assert.Equal(value, response.Variables[key]);
    }

    [Fact]
    public void Scheme_UwsgiSchemeHttpOverridesHttpsOn_NotHttps()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Echo());
        using var client = new UwsgiClient(host.Endpoint);
        var response = client.Request([.. UwsgiClient.NginxGet(), ("HTTPS", "on"), ("UWSGI_SCHEME", "http")]);
        Assert.Equal("off", response.Variables["https"]);
    }

    [Fact]
    public void DynamicAppVariables_Dropped_LoggedOncePerKey()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Echo());
        for (var i = 0; i < 2; i++)
        {
            using var client = new UwsgiClient(host.Endpoint);
            var response = client.Request([.. UwsgiClient.NginxGet(), ("UWSGI_SCRIPT", "evil"), ("UWSGI_SETENV", "A=B"), ("UWSGI_APPID", "kept")]);
            Assert.False(response.Variables.ContainsKey("UWSGI_SCRIPT"));
            Assert.False(response.Variables.ContainsKey("UWSGI_SETENV"));
            Assert.Equal("kept", response.Variables["UWSGI_APPID"]);
        }
        var logged = host.Logs.WithEvent(1007);
        Assert.Equal(2, logged.Count);
        Assert.Contains(logged, entry => entry.Message.Contains("UWSGI_SCRIPT", StringComparison.Ordinal));
    }

    [Fact]
    public void LimitPost_ContentLengthOverLimit_Answered413AndLogged()
    {
        var application = TestApps.Echo();
        using var host = new FrontHost(ListenerProtocol.Uwsgi, application, new ServerOptions { DisableLogging = true, LimitPost = 10 });
        using var client = new UwsgiClient(host.Endpoint);
        var response = client.Request(UwsgiClient.NginxGet(method: "POST", contentLength: "11"), new byte[11]);
        Assert.Equal(413, response.Status);
        Assert.Contains("--limit-post 10", Assert.Single(host.WaitForLog(1005)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplicationFails_BeforeHeaders_Answered500()
    {
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Failing());
        using var client = new UwsgiClient(host.Endpoint);
        Assert.Equal(500, client.Request(UwsgiClient.NginxGet()).Status);
    }

    [Fact]
    public void UnixSocket_Request_Served()
    {
        var path = Path.Combine(Path.GetTempPath(), $"gantry-uwsgi-{Guid.NewGuid():N}.sock");
        using var host = new FrontHost(ListenerProtocol.Uwsgi, TestApps.Hello(), address: path);
        using var client = new UwsgiClient(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        Assert.Equal("Hello World", client.Request(UwsgiClient.NginxGet()).Text);
    }

    [Fact]
    public void ClientGoneMidResponse_ContinuationAborted_NextConnectionServed()
    {
        var application = new TestApplication(chunkSize: 64 * 1024, chunks: 1024);
        using var host = new FrontHost(ListenerProtocol.Uwsgi, application);
        using (var client = new UwsgiClient(host.Endpoint))
        {
            client.Socket.ReceiveBufferSize = 4096;
            client.Send(UwsgiClient.Packet(UwsgiClient.NginxGet()));
            client.Socket.Receive(new byte[1024]);
            client.Socket.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref application.Aborts) == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
        Assert.Equal(1, application.Aborts);
        Assert.Equal(0, application.Completions);
    }
}
