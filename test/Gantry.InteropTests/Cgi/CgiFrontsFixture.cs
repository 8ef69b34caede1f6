using System.Text;
using Gantry.InteropTests.Infrastructure;

namespace Gantry.InteropTests.Cgi;

/// <summary>
/// A CGI directory (hello, POST echo, environment, a 404, a streaming script that waits for the client's go file)
/// served by one gantry (<c>--socket</c> and <c>--fastcgi-socket</c> on TCP, <c>--cgi /cgi-bin=DIR</c>, the interop
/// app for every other path) behind one nginx with a server block per <see cref="CgiSite"/>. Started once per test
/// class; everything lives in a scratch folder.
/// </summary>
public sealed class CgiFrontsFixture : IDisposable
{
    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly ScratchDirectory _scratch = new();
    private readonly Dictionary<CgiSite, int> _ports = [];
    private readonly GantryServer _gantry;
    private readonly NginxProcess _nginx;

    public CgiFrontsFixture()
    {
        try
        {
            _ = NginxBinary.Path;
            Directory.CreateDirectory(Markers);
            WriteScripts(_scratch.Combine("cgi-bin"));
            _gantry = new GantryServer(
                ["--socket", "127.0.0.1:0", "--fastcgi-socket", "127.0.0.1:0", "--cgi", "/cgi-bin=" + _scratch.Combine("cgi-bin")],
                _scratch.Path);
            var nginxDirectory = _scratch.Combine("nginx");
            Directory.CreateDirectory(nginxDirectory);
            NginxParams.WriteAll(nginxDirectory);
            foreach (var site in Enum.GetValues<CgiSite>())
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

    /// <summary>Where the streaming script looks for the client's go-X and leaves its second-X.</summary>
    public string Markers => _scratch.Combine("markers");

    /// <summary>The port of an nginx site.</summary>
    public int Port(CgiSite site) => _ports[site];

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
        Server(text, CgiSite.Uwsgi, $"include uwsgi_params; uwsgi_pass {uwsgi};");
        Server(text, CgiSite.UwsgiModifier9, $"include uwsgi_params; uwsgi_modifier1 9; uwsgi_pass {uwsgi};");
        Server(text, CgiSite.FastCgi, $"include fastcgi_params; fastcgi_pass {fastCgi};");
        Server(text, CgiSite.UwsgiUnbuffered, $"include uwsgi_params; uwsgi_buffering off; uwsgi_pass {uwsgi};");
        Server(text, CgiSite.FastCgiUnbuffered, $"include fastcgi_params; fastcgi_buffering off; fastcgi_pass {fastCgi};");
        return text.ToString();
    }

    private void Server(StringBuilder text, CgiSite site, string location) =>
        text.AppendLine($"server {{ listen 127.0.0.1:{_ports[site]}; location / {{ {location} }} }}");

    private void WriteScripts(string directory)
    {
        Directory.CreateDirectory(directory);
        Script(directory, "hello.cgi", """
            #!/bin/sh
            printf 'Content-Type: text/plain\r\n\r\nhello\n'
            """);
        Script(directory, "echo.py", """
            #!/usr/bin/python3
            import hashlib, os, sys
            data = sys.stdin.buffer.read(int(os.environ.get("CONTENT_LENGTH") or 0))
            sys.stdout.write("Content-Type: text/plain\r\n\r\n%d %s %s\n" % (len(data), hashlib.sha256(data).hexdigest(), os.environ.get("CONTENT_TYPE", "")))
            """);
        Script(directory, "env.py", """
            #!/usr/bin/python3
            import json, os, sys
            sys.stdout.write("Content-Type: application/json\r\n\r\n" + json.dumps(dict(os.environ)))
            """);
        Script(directory, "status.cgi", """
            #!/bin/sh
            printf 'Status: 404 Not Here\r\nContent-Type: text/plain\r\n\r\nnope\n'
            """);
        Script(directory, "stream.cgi", $$"""
            #!/bin/sh
            printf 'Content-Type: text/plain\r\n\r\nfirst\n'
            id=${QUERY_STRING#id=}
            i=0
            while [ ! -e "{{Markers}}/go-$id" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done
            : > "{{Markers}}/second-$id"
            printf 'second\n'
            """);
    }

    private static void Script(string directory, string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, Executable);
    }
}
