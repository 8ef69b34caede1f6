using System.Text;

namespace Gantry.InteropTests.Infrastructure;

/// <summary>
/// One gantry serving the interop app on every front (uwsgi and FastCGI on TCP and unix sockets, HTTP for
/// comparison), and one nginx with a server block per <see cref="FrontSite"/> in front of it. Started once per test
/// class (xunit class fixture), stopped after it; everything lives in a scratch folder under /tmp.
/// </summary>
public sealed class FrontsFixture : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly Dictionary<FrontSite, int> _ports = [];
    private readonly GantryServer _gantry;
    private readonly NginxProcess _nginx;

    public FrontsFixture()
    {
        try
        {
            // First, so that a machine without nginx (and without a way to install it) fails before anything starts.
            _ = NginxBinary.Path;
            _gantry = new GantryServer(
            [
                "--socket", "127.0.0.1:0", "--socket", _scratch.Combine("u.sock"),
                "--fastcgi-socket", "127.0.0.1:0", "--fastcgi-socket", _scratch.Combine("f.sock"),
                "--http-socket", "127.0.0.1:0",
                "--chmod-socket=666", "--vacuum", "--listen", "256",
            ], _scratch.Path);
            var nginxDirectory = _scratch.Combine("nginx");
            Directory.CreateDirectory(nginxDirectory);
            NginxParams.WriteAll(nginxDirectory);
            foreach (var site in Enum.GetValues<FrontSite>())
            {
                _ports[site] = LoopbackPort.Next();
            }
            _nginx = new NginxProcess(nginxDirectory, HttpBlock(), _ports.Values);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The scratch folder (markers the app writes go here).</summary>
    public string Scratch => _scratch.Path;

    /// <summary>The base URI of an nginx site.</summary>
    public Uri Site(FrontSite site) => new($"http://127.0.0.1:{_ports[site]}/");

    /// <summary>The port of an nginx site.</summary>
    public int Port(FrontSite site) => _ports[site];

    /// <summary>gantry's own HTTP listener, for comparing what the app sees.</summary>
    public Uri GantryHttp => new($"http://{_gantry.Tcp("http")}/");

    internal GantryServer Gantry => _gantry;

    /// <summary>gantry's log and nginx's error log, for assertion messages.</summary>
    public string Logs => $"--- gantry\n{_gantry?.Output}\n--- nginx error.log\n{_nginx?.ErrorLog}";

    public void Dispose()
    {
        _nginx?.Dispose();
        _gantry?.Dispose();
        _scratch.Dispose();
    }

    private string HttpBlock()
    {
        var uwsgi = _gantry.Tcp("uwsgi");
        var fastCgi = _gantry.Tcp("fastcgi");
        var text = new StringBuilder();
        // Responses nginx cannot pass on at once stay in its memory buffers instead of a temp file, so a response the
        // client does not read pushes back on gantry (the default spools up to 1 GiB to disk first).
        text.AppendLine("uwsgi_max_temp_file_size 0; fastcgi_max_temp_file_size 0;");
        text.AppendLine($"upstream gantry_fastcgi {{ server {fastCgi}; keepalive 4; }}");
        Server(text, FrontSite.UwsgiTcp, $"include uwsgi_params; uwsgi_pass {uwsgi};");
        Server(text, FrontSite.UwsgiTcpDebian, $"include uwsgi_params_debian; uwsgi_pass {uwsgi};");
        Server(text, FrontSite.UwsgiUnix, $"include uwsgi_params; uwsgi_pass unix:{_gantry.Unix("uwsgi")};");
        Server(text, FrontSite.FastCgiTcp, $"include fastcgi_params; fastcgi_pass {fastCgi};");
        Server(text, FrontSite.FastCgiTcpKeepConnection, "include fastcgi_params_debian; fastcgi_keep_conn on; fastcgi_pass gantry_fastcgi;");
        Server(text, FrontSite.FastCgiUnix, $"include fastcgi_params; fastcgi_pass unix:{_gantry.Unix("fastcgi")};");
        Server(text, FrontSite.UwsgiTcpUnbuffered, $"include uwsgi_params; uwsgi_buffering off; uwsgi_pass {uwsgi};");
        Server(text, FrontSite.FastCgiTcpUnbuffered, $"include fastcgi_params; fastcgi_buffering off; fastcgi_pass {fastCgi};");
        Server(text, FrontSite.UwsgiTcpOverride,
            $"include uwsgi_params_debian; uwsgi_param HTTP_HOST $http_host; uwsgi_param SERVER_NAME override.test; uwsgi_pass {uwsgi};");
        Server(text, FrontSite.FastCgiTcpOverride,
            $"include fastcgi_params_debian; fastcgi_param HTTP_HOST $http_host; fastcgi_param SERVER_NAME override.test; fastcgi_pass {fastCgi};");
        return text.ToString();
    }

    private void Server(StringBuilder text, FrontSite site, string location) =>
        text.AppendLine($"server {{ listen 127.0.0.1:{_ports[site]}; location / {{ {location} }} }}");
}
