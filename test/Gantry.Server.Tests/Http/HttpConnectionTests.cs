using System.Text;
using Gantry.Application;
using Gantry.Server.Tests.Infrastructure;

namespace Gantry.Server.Tests.Http;

/// <summary>The HTTP/1.1 connection over real loopback sockets, with a C# application.</summary>
public sealed class HttpConnectionTests
{
    private static TestApplication Hello() => new((request, response) =>
    {
        response.SetStatus("200 OK"u8);
        response.AddHeader("Content-Type"u8, "text/plain"u8);
        response.Write("Hello World"u8);
        return ApplicationStep.Completed;
    });

    private static TestApplication Echo() => new((request, response) =>
    {
        var body = new byte[request.Body.Length];
        request.Body.Read(body);
        var summary = new StringBuilder();
        for (var i = 0; i < request.Variables.Count; i++)
        {
            summary.Append(Encoding.Latin1.GetString(request.Variables.KeyAt(i))).Append('=')
                .Append(Encoding.Latin1.GetString(request.Variables.ValueAt(i))).Append('\n');
        }
        summary.Append("spooled=").Append(request.Body.IsSpooled).Append('\n');
        summary.Append("body=").Append(Encoding.Latin1.GetString(body));
        response.SetStatus("200 OK"u8);
        response.Write(Encoding.Latin1.GetBytes(summary.ToString()));
        return ApplicationStep.Completed;
    });

    [Fact]
    public void Get_SmallResponse_SentWithContentLength()
    {
        using var host = new LoopHost(Hello());
        using var client = new RawHttpClient(host.Endpoint);
        client.Send("GET / HTTP/1.1\r\nHost: test\r\n\r\n");
        var response = client.ReadResponse()!;
        Assert.Equal(200, response.Status);
        Assert.Equal("11", response.Headers["content-length"]);
        Assert.Equal("Hello World", response.Text);
    }

    [Fact]
    public void KeepAlive_TwoRequestsOnOneConnection_BothAnswered()
    {
        using var host = new LoopHost(Hello());
        using var client = new RawHttpClient(host.Endpoint);
        client.Send("GET /a HTTP/1.1\r\nHost: test\r\n\r\n");
        Assert.Equal("Hello World", client.ReadResponse()!.Text);
        client.Send("GET /b HTTP/1.1\r\nHost: test\r\n\r\n");
        Assert.Equal("Hello World", client.ReadResponse()!.Text);
    }

    [Fact]
    public void Pipelining_ThreeRequestsInOneSend_ThreeResponsesInOrder()
    {
        using var host = new LoopHost(Echo());
        using var client = new RawHttpClient(host.Endpoint);
        client.Send("GET /1 HTTP/1.1\r\nHost: t\r\n\r\nGET /2 HTTP/1.1\r\nHost: t\r\n\r\nGET /3 HTTP/1.1\r\nHost: t\r\n\r\n");
        for (var i = 1; i <= 3; i++)
        {
            Assert.Contains($"PATH_INFO=/{i}\n", client.ReadResponse()!.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Http10_WithoutKeepAlive_ConnectionClosedAfterResponse()
    {
        using var host = new LoopHost(Hello());
        using var client = new RawHttpClient(host.Endpoint);
        client.Send("GET / HTTP/1.0\r\n\r\n");
        var response = client.ReadResponse()!;
        Assert.Equal("close", response.Headers["connection"]);
        Assert.True(client.IsClosedByServer());
    }

    [Fact]
    public void CgiVariables_FromHead_MapLikeUwsgiParams()
    {
        using var host = new LoopHost(Echo());
        using var client = new RawHttpClient(host.Endpoint);
        client.Send("POST /caf%C3%A9/x%2Fy?a=1&b=%20 HTTP/1.1\r\nHost: example.org\r\nX-Multi: one\r\nX-Multi: two\r\n" +
            "X_Spoof: bad\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        var text = client.ReadResponse()!.Text;
        Assert.Contains("REQUEST_METHOD=POST\n", text, StringComparison.Ordinal);
        Assert.Contains("REQUEST_URI=/caf%C3%A9/x%2Fy?a=1&b=%20\n", text, StringComparison.Ordinal);
        Assert.Contains("PATH_INFO=/caf\u00c3\u00a9/x/y\n", text, StringComparison.Ordinal);
        Assert.Contains("QUERY_STRING=a=1&b=%20\n", text, StringComparison.Ordinal);
        Assert.Contains("HTTP_HOST=example.org\n", text, StringComparison.Ordinal);
        Assert.Contains("HTTP_X_MULTI=one, two\n", text, StringComparison.Ordinal);
        Assert.Contains("CONTENT_TYPE=text/plain\n", text, StringComparison.Ordinal);
        Assert.Contains("CONTENT_LENGTH=5\n", text, StringComparison.Ordinal);
        Assert.Contains("SERVER_PROTOCOL=HTTP/1.1\n", text, StringComparison.Ordinal);
        Assert.Contains("REMOTE_ADDR=127.0.0.1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SPOOF", text, StringComparison.Ordinal);
        Assert.EndsWith("body=hello", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ChunkedRequestBody_DechunkedBeforeTheApplication_WithContentLength()
    {
        using var host = new LoopHost(Echo());
        using var client = new RawHttpClient(host.Endpoint);
        client.Send("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n");
        var text = client.ReadResponse()!.Text;
        Assert.Contains("CONTENT_LENGTH=11\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TRANSFER_ENCODING", text, StringComparison.Ordinal);
        Assert.EndsWith("body=hello world", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BodyAboveMemoryLimit_SpooledToFile_ReadBackWhole()
    {
        using var host = new LoopHost(Echo(), new ServerOptions { DisableLogging = true, BodyMemoryLimit = 1024 });
        using var client = new RawHttpClient(host.Endpoint);
        var body = new string('x', 100_000);
        client.Send($"PUT / HTTP/1.1\r\nHost: t\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        var text = client.ReadResponse()!.Text;
        Assert.Contains("spooled=True\n", text, StringComparison.Ordinal);
        Assert.EndsWith("body=" + body, text, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectContinue_BodyNotSentYet_InterimResponseFirst()
    {
        using var host = new LoopHost(Echo());
        using var client = new RawHttpClient(host.Endpoint);
        client.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
        Assert.Equal(100, client.ReadResponse()!.Status);
        client.Send("data");
        var final = client.ReadResponse()!;
        Assert.Equal(200, final.Status);
        Assert.EndsWith("body=data", final.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Head_ResponseHasLengthButNoBody()
    {
        using var host = new LoopHost(Hello());
        using var client = new RawHttpClient(host.Endpoint);
        client.Send("HEAD / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n");
        var head = client.ReadResponse(forHead: true)!;
        Assert.Equal("11", head.Headers["content-length"]);
        Assert.Empty(head.Body);
        Assert.Equal("Hello World", client.ReadResponse()!.Text);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: t\r\nBad Header: x\r\n\r\n", 400)]
    [InlineData("GET / HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505)]
    [InlineData("GET /etc/passwd%00.png HTTP/1.1\r\nHost: t\r\n\r\n", 400)]
    [InlineData("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400)]
    public void MalformedRequest_AnsweredWithError_ConnectionClosed(string request, int status)
    {
        var calls = 0;
        using var host = new LoopHost(new TestApplication((_, _) => { calls++; return ApplicationStep.Completed; }));
        using var client = new RawHttpClient(host.Endpoint);
        client.Send(request);
        Assert.Equal(status, client.ReadResponse()!.Status);
        Assert.True(client.IsClosedByServer());
        Assert.Equal(0, calls);
    }

    [Fact]
    public void HeadLargerThanBufferSize_Answered431()
    {
        using var host = new LoopHost(Hello(), new ServerOptions { DisableLogging = true, BufferSize = 4096 });
        using var client = new RawHttpClient(host.Endpoint);
        client.Send($"GET / HTTP/1.1\r\nHost: t\r\nCookie: {new string('c', 8000)}\r\n\r\n");
        Assert.Equal(431, client.ReadResponse()!.Status);
    }

    [Fact]
    public void BodyAboveLimitPost_Answered413()
    {
        using var host = new LoopHost(Echo(), new ServerOptions { DisableLogging = true, LimitPost = 10 });
        using var client = new RawHttpClient(host.Endpoint);
        client.Send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 11\r\n\r\n");
        Assert.Equal(413, client.ReadResponse()!.Status);
    }

    [Fact]
    public void ApplicationFailsBeforeHeaders_Answered500_NextConnectionServed()
    {
        var fail = true;
        using var host = new LoopHost(new TestApplication((_, response) =>
        {
            if (fail)
            {
                fail = false;
                return ApplicationStep.Failed;
            }
            response.SetStatus("200 OK"u8);
            response.Write("ok"u8);
            return ApplicationStep.Completed;
        }));
        using (var first = new RawHttpClient(host.Endpoint))
        {
            first.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            Assert.Equal(500, first.ReadResponse()!.Status);
        }
        using var second = new RawHttpClient(host.Endpoint);
        second.Send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        Assert.Equal("ok", second.ReadResponse()!.Text);
    }
}
