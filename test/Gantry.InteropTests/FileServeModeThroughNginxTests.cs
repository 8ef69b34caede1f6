using System.Text;
using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests;

/// <summary>
/// <c>file-serve-mode = nginx</c> (uWSGI's X-Accel-Redirect offloading) behind real nginx: Gantry answers a static
/// request with the file's real path in X-Accel-Redirect and no body, and nginx sends the file from an internal
/// location, so the client gets the bytes without them passing through Gantry.
/// </summary>
public sealed class FileServeModeThroughNginxTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly int _port = LoopbackPort.Next();
    private readonly GantryServer? _gantry;
    private readonly NginxProcess? _nginx;
    private readonly string _files;

    public FileServeModeThroughNginxTests()
    {
        try
        {
            _ = NginxBinary.Path;
            _files = _scratch.Combine("files");
            Directory.CreateDirectory(_files);
            File.WriteAllText(Path.Combine(_files, "hello.txt"), "offloaded to nginx\n");
            _gantry = new GantryServer(["--socket", "127.0.0.1:0", "--static-map", "/files=" + _files, "--file-serve-mode", "nginx"], _scratch.Path);
            var nginxDirectory = _scratch.Combine("nginx");
            Directory.CreateDirectory(nginxDirectory);
            NginxParams.WriteAll(nginxDirectory);
            var realFiles = new DirectoryInfo(_files).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(_files);
            _nginx = new NginxProcess(nginxDirectory, $$"""
                server {
                    listen 127.0.0.1:{{_port}};
                    location {{realFiles}}/ { internal; root /; }
                    location / { include uwsgi_params; uwsgi_pass {{_gantry.Tcp("uwsgi")}}; }
                }
                """, [_port]);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    [Fact]
    public void StaticFile_SentByNginxFromGantrysHeader()
    {
        using var connection = new RawHttpConnection(_port);
        connection.Send("GET /files/hello.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        var response = connection.Read();

        Assert.True(response.Status == 200, $"{response.Status}\n--- gantry\n{_gantry?.Output}\n--- nginx\n{_nginx?.ErrorLog}");
        Assert.Equal("offloaded to nginx\n", response.Text);
    }

    [Fact]
    public void Gantry_AnswersWithTheHeaderAndNoBody()
    {
        using var connection = new RawGatewaySocket(_gantry!.Tcp("uwsgi"));
        connection.SendAndFinish(WireBytes.UwsgiPacket(WireBytes.NginxVariables("/files/hello.txt")));
        var response = Encoding.Latin1.GetString(connection.ReadToEnd());

        Assert.Contains("X-Accel-Redirect: ", response);
        Assert.Contains("hello.txt\r\n", response);
        Assert.EndsWith("\r\n\r\n", response);
    }

    public void Dispose()
    {
        _nginx?.Dispose();
        _gantry?.Dispose();
        _scratch.Dispose();
    }
}
