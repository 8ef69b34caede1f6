using Gantry.Application.Routing;
using Gantry.Server.Listeners;
using Gantry.Server.Static;
using Gantry.Server.Tests.Infrastructure;
using Gantry.Server.Tests.Static;

namespace Gantry.Server.Tests.Application;

/// <summary>
/// The host behind the router of a site without an application host (CGI only): whatever the router's handlers
/// decline is answered 404 Not Found, text/plain "Not Found", on every front.
/// </summary>
public sealed class NotFoundApplicationTests : IDisposable
{
    private readonly StaticTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private FrontHost Host(ListenerProtocol protocol) =>
        new(protocol, NotFoundApplication.Instance, new ServerOptions { DisableLogging = true }, staticFiles: new StaticFileOptions
        {
            Mappings = [new StaticMapping("/static", _tree.Root, AppendWholePath: false)],
        });

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/cgi-bin/missing.cgi?x=1")]
    [InlineData("POST", "/form")]
    public void Http_AnyRequest_404TextPlainNotFound(string method, string path)
    {
        using var host = new FrontHost(ListenerProtocol.Http, NotFoundApplication.Instance);
        using var client = new RawHttpClient(host.Endpoint);

        client.Send($"{method} {path} HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
        var response = client.ReadResponse()!;

        Assert.Equal(404, response.Status);
        Assert.Equal("text/plain", response.Headers["content-type"]);
        Assert.Equal("9", response.Headers["content-length"]);
        Assert.Equal("Not Found", response.Text);
    }

    [Fact]
    public void Http_HeadThenGet_HeadWithoutBodyAndTheConnectionStaysUsable()
    {
        using var host = new FrontHost(ListenerProtocol.Http, NotFoundApplication.Instance);
        using var client = new RawHttpClient(host.Endpoint);

        client.Send("HEAD /nothing HTTP/1.1\r\nHost: t\r\n\r\n");
        var head = client.ReadResponse(forHead: true)!;
        client.Send("GET /nothing HTTP/1.1\r\nHost: t\r\n\r\n");
        var get = client.ReadResponse()!;

        Assert.Equal(404, head.Status);
        Assert.Empty(head.Body);
        Assert.Equal(404, get.Status);
        Assert.Equal("Not Found", get.Text);
    }

    [Fact]
    public void Http_BehindStaticFiles_FileServedAndMissNotFound()
    {
        using var host = Host(ListenerProtocol.Http);
        using var client = new RawHttpClient(host.Endpoint);

        client.Send("GET /static/a.css HTTP/1.1\r\nHost: t\r\n\r\n");
        var file = client.ReadResponse()!;
        client.Send("GET /static/none.css HTTP/1.1\r\nHost: t\r\n\r\n");
        var miss = client.ReadResponse()!;

        Assert.Equal(200, file.Status);
        Assert.Equal("body{}\n", file.Text);
        Assert.Equal(404, miss.Status);
        Assert.Equal("Not Found", miss.Text);
    }

    [Fact]
    public void Uwsgi_Miss_RawHttp404()
    {
        using var host = Host(ListenerProtocol.Uwsgi);
        using var client = new UwsgiClient(host.Endpoint);

        var response = client.Request(UwsgiClient.NginxGet(path: "/app", query: ""));

        Assert.Equal("HTTP/1.1 404 Not Found", response.StatusLine);
        Assert.Equal("text/plain", response.Headers["content-type"]);
        Assert.Equal("Not Found", response.Text);
    }

    [Fact]
    public void AttachThread_EveryLoopThread_SharesTheOneStatelessInstance()
    {
        using var loop = new LoopHost(TestApps.Hello());

        using var first = NotFoundApplication.Instance.AttachThread(0, loop.Loop);
        using var second = NotFoundApplication.Instance.AttachThread(1, loop.Loop);

        Assert.Same(NotFoundApplication.Instance, first);
        Assert.Same(first, second);
    }
}
