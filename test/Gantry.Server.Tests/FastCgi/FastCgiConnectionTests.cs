using System.Text;
using Gantry.Protocols.FastCgi;
using Gantry.Server.Listeners;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.FastCgi;

/// <summary>The FastCGI responder over real loopback sockets, with requests shaped as nginx's fastcgi_params sends them.</summary>
public sealed class FastCgiConnectionTests
{
    [Fact]
    public void Get_NginxParams_CgiResponseInStdoutThenEndRequestThenClose()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Hello());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams()));
        var exchange = client.ReadUntilEndRequest(1);
        var response = exchange.Response();
        Assert.Equal("200 OK", response.Headers["status"]);
        Assert.Equal("11", response.Headers["content-length"]);
        Assert.Equal("Hello World", response.Text);
        Assert.True(exchange.StdoutEnded());
        Assert.Equal(FastCgiProtocolStatus.RequestComplete, exchange.EndRequest()!.ProtocolStatus);
        Assert.True(client.IsClosedByServer());
    }

    [Fact]
    public void Params_WithoutPathInfo_PathFromDocumentUriAndScriptNameEmptied()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Echo());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams(path: "/caf\u00c3\u00a9/x")));
        var variables = client.ReadUntilEndRequest(1).Response().Variables;
        Assert.Equal("/caf\u00c3\u00a9/x", variables["PATH_INFO"]);
        Assert.Equal(string.Empty, variables["SCRIPT_NAME"]);
        Assert.Equal("/caf\u00c3\u00a9/x", variables["DOCUMENT_URI"]);
        Assert.Equal("CGI/1.1", variables["GATEWAY_INTERFACE"]);
    }

    [Fact]
    public void Params_OnlyRequestUri_PathInfoIsItsDecodedPath()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Echo());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Request(1, WithoutScriptAndDocumentUri(FastCgiClient.NginxParams(path: "/a%20b/c"))));
        var variables = client.ReadUntilEndRequest(1).Response().Variables;
        Assert.Equal("/a b/c", variables["PATH_INFO"]);
        Assert.Equal("/a%20b/c?q=1", variables["REQUEST_URI"]);
    }

    [Fact]
    public void Params_RequestUriDecodingToNul_Answered400AndConnectionGoesOn()
    {
        var application = TestApps.Echo();
        using var host = new FrontHost(ListenerProtocol.FastCgi, application);
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Request(1, WithoutScriptAndDocumentUri(FastCgiClient.NginxParams(path: "/a%00b")), keepConnection: true));
        Assert.Equal("400 Bad Request", client.ReadUntilEndRequest(1).Response().Headers["status"]);
        client.Send(FastCgiClient.Request(2, WithoutScriptAndDocumentUri(FastCgiClient.NginxParams(path: "/ok"))));
        Assert.Equal("/ok", client.ReadUntilEndRequest(2).Response(2).Variables["PATH_INFO"]);
    }

    private static (string Key, string Value)[] WithoutScriptAndDocumentUri(IEnumerable<(string Key, string Value)> pairs) =>
        [.. pairs.Where(p => p.Key is not ("SCRIPT_NAME" or "DOCUMENT_URI"))];

    [Fact]
    public void Params_WithPathInfo_ScriptNameAndPathInfoKept()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Echo());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Request(1, [.. FastCgiClient.NginxParams(path: "/app/x"), ("PATH_INFO", "/x")]));
        var variables = client.ReadUntilEndRequest(1).Response().Variables;
        Assert.Equal("/x", variables["PATH_INFO"]);
        Assert.Equal("/app/x", variables["SCRIPT_NAME"]);
    }

    [Fact]
    public void Params_SplitIntoTinyRecords_SameVariables()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Echo());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send([.. FastCgiClient.Begin(1), .. FastCgiClient.Params(1, FastCgiClient.NginxParams(), recordSize: 7), .. FastCgiClient.Stdin(1, [])]);
        var variables = client.ReadUntilEndRequest(1).Response().Variables;
        Assert.Equal("example.org", variables["SERVER_NAME"]);
        Assert.Equal("q=1", variables["QUERY_STRING"]);
    }

    [Fact]
    public void Post_StdinRecords_BodyComplete()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Echo());
        using var client = new FastCgiClient(host.Endpoint);
        var body = TestApps.PatternBytes(100_000);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams(method: "POST", contentLength: "100000"), body));
        var response = client.ReadUntilEndRequest(1).Response();
        Assert.Equal("100000", response.Variables["body_length"]);
        Assert.EndsWith(Encoding.Latin1.GetString(body[^64..]), response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Post_WithoutContentLength_ContentLengthFromStdin()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Echo());
        using var client = new FastCgiClient(host.Endpoint);
        var pairs = FastCgiClient.NginxParams(method: "POST").Where(p => p.Key != "CONTENT_LENGTH");
        client.Send(FastCgiClient.Request(1, pairs, "abc"u8.ToArray()));
        Assert.Equal("3", client.ReadUntilEndRequest(1).Response().Variables["CONTENT_LENGTH"]);
    }

    [Fact]
    public void KeepConnection_TwoRequestsOnOneConnection_BothAnswered()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Echo());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams(path: "/one"), keepConnection: true));
        Assert.Equal("/one", client.ReadUntilEndRequest(1).Response().Variables["PATH_INFO"]);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams(path: "/two"), keepConnection: true));
        Assert.Equal("/two", client.ReadUntilEndRequest(1).Response().Variables["PATH_INFO"]);
        client.Send(FastCgiClient.Request(2, FastCgiClient.NginxParams(path: "/three")));
        Assert.Equal("/three", client.ReadUntilEndRequest(2).Response(2).Variables["PATH_INFO"]);
        Assert.True(client.IsClosedByServer());
    }

    [Fact]
    public void LargeStreamedResponse_StdoutRecordsAtMostMaxContent_BodyIntact()
    {
        var application = new TestApplication(chunkSize: 200_000, chunks: 40);
        using var host = new FrontHost(ListenerProtocol.FastCgi, application);
        using var client = new FastCgiClient(host.Endpoint);
        client.Socket.ReceiveBufferSize = 65536;
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams()));
        Assert.True(application.WaitUntilSuspended(TimeSpan.FromSeconds(10)), "the producer did not pause within 10 s while the client read nothing");
        var exchange = client.ReadUntilEndRequest(1);
        var response = exchange.Response();
        Assert.False(response.Headers.ContainsKey("content-length"));
        Assert.Equal(8_000_000, response.Body.Length);
        Assert.Equal(TestApps.Pattern(99_999), response.Body[99_999]);
        Assert.All(exchange.Records, record => Assert.True(record.Content.Length <= FastCgiConstants.MaxContentLength));
        Assert.True(application.Suspensions > 0);
    }

    [Fact]
    public void FileResponse_SentInRecordSegments_BodyIntact()
    {
        var path = Path.GetTempFileName();
        try
        {
            var content = TestApps.PatternBytes(200_001);
            File.WriteAllBytes(path, content);
            using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.File(path));
            using var client = new FastCgiClient(host.Endpoint);
            client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams()));
            var exchange = client.ReadUntilEndRequest(1);
            Assert.Equal(content, exchange.Response().Body);
            Assert.Equal(FastCgiProtocolStatus.RequestComplete, exchange.EndRequest()!.ProtocolStatus);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Head_StagedBody_NoBodyInStdout()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Hello());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams(method: "HEAD")));
        var response = client.ReadUntilEndRequest(1).Response();
        Assert.Equal("11", response.Headers["content-length"]);
        Assert.Empty(response.Body);
    }

    [Fact]
    public void Https_ParamOn_IsHttps()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Echo());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Request(1, [.. FastCgiClient.NginxParams(), ("HTTPS", "on")]));
        Assert.Equal("on", client.ReadUntilEndRequest(1).Response().Variables["https"]);
    }

    [Fact]
    public void LimitPost_ContentLengthOverLimit_Answered413WithoutRunningApplication()
    {
        var application = TestApps.Echo();
        using var host = new FrontHost(ListenerProtocol.FastCgi, application, new ServerOptions { DisableLogging = true, LimitPost = 10 });
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams(method: "POST", contentLength: "20"), new byte[20], keepConnection: true));
        var exchange = client.ReadUntilEndRequest(1);
        Assert.Equal("413 Content Too Large", exchange.Response().Headers["status"]);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams(method: "POST", contentLength: "3"), "abc"u8.ToArray()));
        Assert.EndsWith("body=abc", client.ReadUntilEndRequest(1).Response().Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplicationFails_BeforeHeaders_Status500AndEndRequest()
    {
        using var host = new FrontHost(ListenerProtocol.FastCgi, TestApps.Failing());
        using var client = new FastCgiClient(host.Endpoint);
        client.Send(FastCgiClient.Request(1, FastCgiClient.NginxParams()));
        var exchange = client.ReadUntilEndRequest(1);
        Assert.Equal("500 Internal Server Error", exchange.Response().Headers["status"]);
    }
}
