using System.Net.WebSockets;
using System.Text;
using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>
/// WebSocket behind real nginx, configured as nginx's documentation says (proxy_http_version 1.1, Upgrade and Connection
/// passed on): nginx forwards the upgrade to Gantry's HTTP socket and then relays bytes both ways, so messages echo
/// through it, with permessage-deflate negotiated end to end (nginx passes Sec-WebSocket-Extensions through) or not.
/// Over uwsgi_pass or fastcgi_pass nginx cannot carry an upgrade at all (docs/asgi.md).
/// </summary>
public sealed class WebSocketThroughNginxTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task EchoThroughNginxProxyPass_MessagesRoundTrip(bool deflate)
    {
        using var scratch = new ScratchDirectory();
        using var gantry = new GantryServer(
            ["--http-socket", "127.0.0.1:0", "--asgi", "asgi_echo:app"], Path.GetDirectoryName(InteropPaths.App)!, withApplication: false);
        var front = LoopbackPort.Next();
        using var nginx = new NginxProcess(scratch.Path, $$"""
            map $http_upgrade $connection_upgrade {
                default upgrade;
                ''      close;
            }
            server {
                listen 127.0.0.1:{{front}};
                location / {
                    proxy_pass http://{{gantry.Tcp("http")}};
                    proxy_http_version 1.1;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection $connection_upgrade;
                    proxy_set_header Host $http_host;
                }
            }
            """, [front]);
        using var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;
        if (deflate)
        {
            client.Options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        }
        using var timeout = new CancellationTokenSource(Bound);

        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{front}/chat"), timeout.Token);
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"through nginx {i % 10} ")));
        var binary = new byte[300_000];
        new Random(5).NextBytes(binary);
        var echoes = new List<byte[]>();
        foreach (var (payload, type) in new[] { (text, WebSocketMessageType.Text), ("é"u8.ToArray(), WebSocketMessageType.Text), (binary, WebSocketMessageType.Binary) })
        {
            await client.SendAsync(payload, type, true, timeout.Token);
            echoes.Add(await ReceiveAsync(client, timeout.Token));
        }
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.True(client.HttpStatusCode == System.Net.HttpStatusCode.SwitchingProtocols, $"{client.HttpStatusCode}\n{gantry.Output}\n{nginx.ErrorLog}");
        Assert.Equal($"127.0.0.1:{front}", Assert.Single(client.HttpResponseHeaders!["x-host"]));
        Assert.Equal(deflate, client.HttpResponseHeaders.ContainsKey("Sec-WebSocket-Extensions"));
        Assert.Equal([text, "é"u8.ToArray(), binary], echoes);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    private static async Task<byte[]> ReceiveAsync(ClientWebSocket client, CancellationToken cancellation)
    {
        var buffer = new byte[65536];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await client.ReceiveAsync(buffer, cancellation);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return message.ToArray();
            }
        }
    }
}
