using System.Text;
using System.Text.Json;
using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>
/// An ASGI app behind real nginx over Gantry's FastCGI front (<c>include fastcgi_params; fastcgi_pass …</c>, and a
/// location that sets SCRIPT_NAME): the scope comes from nginx's FastCGI parameters, a request body crosses as FCGI_STDIN
/// into http.request messages, and a streamed response (two body blocks) comes back whole.
/// </summary>
public sealed class AsgiThroughNginxTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly GantryServer _gantry;
    private readonly NginxProcess _nginx;
    private readonly int _port = LoopbackPort.Next();

    public AsgiThroughNginxTests()
    {
        try
        {
            _ = NginxBinary.Path;
            var apps = Path.Combine(AppContext.BaseDirectory, "Apps");
            _gantry = new GantryServer(["--fastcgi-socket", "127.0.0.1:0", "--pythonpath", apps, "--asgi", "interop_asgi:app"],
                _scratch.Path, withApplication: false);
            var nginxDirectory = _scratch.Combine("nginx");
            Directory.CreateDirectory(nginxDirectory);
            NginxParams.WriteAll(nginxDirectory);
            var upstream = _gantry.Tcp("fastcgi");
            _nginx = new NginxProcess(nginxDirectory, $$"""
                server {
                    listen 127.0.0.1:{{_port}};
                    client_body_buffer_size 16k;
                    location /app/ {
                        include fastcgi_params;
                        fastcgi_split_path_info ^(/app)(/.*)$;
                        fastcgi_param SCRIPT_NAME $fastcgi_script_name;
                        fastcgi_param PATH_INFO $fastcgi_path_info;
                        fastcgi_pass {{upstream}};
                    }
                    location / { include fastcgi_params; fastcgi_pass {{upstream}}; }
                }
                """, [_port]);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private string Logs => $"--- gantry\n{_gantry?.Output}\n--- nginx error.log\n{_nginx?.ErrorLog}";

    [Fact]
    public void Get_ScopeFromNginxsFastCgiParameters()
    {
        using var connection = new RawHttpConnection(_port);
        connection.Send("GET /hello/world?q=1&r=%20 HTTP/1.1\r\nHost: example.test\r\nX-Custom: yes\r\nConnection: close\r\n\r\n");
        var response = connection.Read();

        Assert.True(response.Status == 200, $"{response.Status} {response.Text}\n{Logs}");
        Assert.Equal("yes", response.Headers["x-asgi"]);
        var scope = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal("http", scope.GetProperty("type").GetString());
        Assert.Equal("GET", scope.GetProperty("method").GetString());
        Assert.Equal("/hello/world", scope.GetProperty("path").GetString());
        Assert.Equal("/hello/world", scope.GetProperty("raw_path").GetString());
        Assert.Equal("q=1&r=%20", scope.GetProperty("query_string").GetString());
        Assert.Equal("", scope.GetProperty("root_path").GetString());
        Assert.Equal("http", scope.GetProperty("scheme").GetString());
        Assert.Equal("127.0.0.1", scope.GetProperty("client")[0].GetString());
        Assert.Equal(_port, scope.GetProperty("server")[1].GetInt32());
        Assert.Equal("example.test", scope.GetProperty("headers").GetProperty("host").GetString());
        Assert.Equal("yes", scope.GetProperty("headers").GetProperty("x-custom").GetString());
    }

    [Fact]
    public void Get_UnderALocationWithScriptName_RootPathAndPath()
    {
        using var connection = new RawHttpConnection(_port);
        connection.Send("GET /app/items/7 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        var response = connection.Read();

        Assert.True(response.Status == 200, $"{response.Status} {response.Text}\n{Logs}");
        var scope = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal("/app", scope.GetProperty("root_path").GetString());
        Assert.Equal("/items/7", scope.GetProperty("path").GetString());
    }

    [Fact]
    public void Post_LargeBody_ArrivesWholeThroughFcgiStdin()
    {
        var body = new byte[300_000];
        for (var i = 0; i < body.Length; i++)
        {
            body[i] = (byte)(i * 7 % 251);
        }
        using var connection = new RawHttpConnection(_port);
        connection.Send(Encoding.Latin1.GetBytes(
            $"POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"));
        connection.Send(body);
        var response = connection.Read();

        Assert.True(response.Status == 200, $"{response.Status} {response.Text}\n{Logs}");
        var scope = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal("POST", scope.GetProperty("method").GetString());
        Assert.Equal(body.Length, scope.GetProperty("body_length").GetInt32());
        Assert.Equal(body.Sum(b => b) % 65521, scope.GetProperty("body_sum").GetInt32());
        Assert.Equal(body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
            scope.GetProperty("headers").GetProperty("content-length").GetString());
        Assert.Equal("application/octet-stream", scope.GetProperty("headers").GetProperty("content-type").GetString());
    }

    public void Dispose()
    {
        _nginx?.Dispose();
        _gantry?.Dispose();
        _scratch.Dispose();
    }
}
