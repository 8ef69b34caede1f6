using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>
/// nginx in front of gantry with a mount, configured the way uWSGI's docs describe it:
/// <code>
/// location /app { include uwsgi_params; uwsgi_param SCRIPT_NAME /app; uwsgi_modifier1 30; uwsgi_pass …; }
/// location /    { include uwsgi_params; uwsgi_pass …; }
/// </code>
/// gantry runs <c>--wsgi-file interop_app.py --mount /app=mounted_app.py</c>: SCRIPT_NAME picks the mounted app and
/// modifier1 30 strips it from PATH_INFO (nginx sends the whole path there).
/// </summary>
public sealed class MountThroughNginxTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly GantryServer _gantry;
    private readonly NginxProcess _nginx;
    private readonly int _port = LoopbackPort.Next();

    public MountThroughNginxTests()
    {
        try
        {
            _ = NginxBinary.Path;
            var mounted = Path.Combine(AppContext.BaseDirectory, "Apps", "mounted_app.py");
            _gantry = new GantryServer(["--socket", "127.0.0.1:0", "--mount", "/app=" + mounted], _scratch.Path);
            var nginxDirectory = _scratch.Combine("nginx");
            Directory.CreateDirectory(nginxDirectory);
            NginxParams.WriteAll(nginxDirectory);
            var upstream = _gantry.Tcp("uwsgi");
            _nginx = new NginxProcess(nginxDirectory, $$"""
                server {
                    listen 127.0.0.1:{{_port}};
                    location /app { include uwsgi_params; uwsgi_param SCRIPT_NAME /app; uwsgi_modifier1 30; uwsgi_pass {{upstream}}; }
                    location / { include uwsgi_params; uwsgi_pass {{upstream}}; }
                }
                """, [_port]);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private RawHttpResponse Get(string path)
    {
        using var connection = new RawHttpConnection(_port);
        connection.Send($"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        return connection.Read();
    }

    private string Logs => $"--- gantry\n{_gantry?.Output}\n--- nginx error.log\n{_nginx?.ErrorLog}";

    [Theory]
    [InlineData("/app/hello/world", "/hello/world")]
    [InlineData("/app/", "/")]
    [InlineData("/app", "")]
    [InlineData("/application", "/application")]
    public void Modifier30_UnderTheMountedLocation_MountedAppGetsThePathBelowTheMountpoint(string path, string pathInfo)
    {
        var response = Get(path);

        Assert.True(response.Status == 200, $"{response.Status} {response.Text}\n{Logs}");
        var environ = response.Environ;
        Assert.Equal("mounted", environ["app"]);
        Assert.Equal("/app", environ["SCRIPT_NAME"]);
        Assert.Equal(pathInfo, environ["PATH_INFO"]);
    }

    [Fact]
    public void OtherLocation_NoScriptName_ServedByTheDefaultApp()
    {
        var response = Get("/other/path");

        Assert.True(response.Status == 200, $"{response.Status} {response.Text}\n{Logs}");
        var environ = response.Environ;
        Assert.False(environ.ContainsKey("app"));
        Assert.Equal("", environ["SCRIPT_NAME"]);
        Assert.Equal("/other/path", environ["PATH_INFO"]);
    }

    public void Dispose()
    {
        _nginx?.Dispose();
        _gantry?.Dispose();
        _scratch.Dispose();
    }
}
