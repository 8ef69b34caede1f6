using System.Net;
using System.Net.Sockets;

namespace Gantry.InteropTests.Infrastructure;

/// <summary>
/// nginx started by a test with its own prefix, configuration, pid file, error log and temp paths in a scratch
/// folder: <c>nginx -p DIR -c FILE -e LOG -g 'daemon off;'</c> as a child process. Ready when every port it listens
/// on accepts connections.
/// </summary>
internal sealed class NginxProcess : IDisposable
{
    private readonly ChildProcess _process;
    private readonly string _errorLog;

    /// <param name="directory">The prefix; the configuration, logs and temp folders go here.</param>
    /// <param name="httpBlock">The contents of the http { } block (server blocks…).</param>
    /// <param name="ports">The ports the server blocks listen on, to wait for.</param>
    public NginxProcess(string directory, string httpBlock, IEnumerable<int> ports)
    {
        _errorLog = Path.Combine(directory, "error.log");
        var configuration = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(configuration, $$"""
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{_errorLog}} info;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
            {{httpBlock}}
            }
            """);
        _process = new ChildProcess(NginxBinary.Path, ["-p", directory, "-c", configuration, "-e", _errorLog, "-g", "daemon off;"], directory);
        foreach (var port in ports)
        {
            WaitForPort(port);
        }
    }

    /// <summary>nginx's error log so far (upstream errors show up here).</summary>
    public string ErrorLog => File.Exists(_errorLog) ? File.ReadAllText(_errorLog) : string.Empty;

    public void Dispose() => _process.Dispose();

    private void WaitForPort(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Connect(new IPEndPoint(IPAddress.Loopback, port));
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                Thread.Sleep(50);
            }
            catch (SocketException exception)
            {
                throw new InvalidOperationException($"nginx is not listening on {port} ({exception.SocketErrorCode}):\n{_process.Output}\n{ErrorLog}");
            }
        }
    }
}
