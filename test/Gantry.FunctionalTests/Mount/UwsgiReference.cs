using System.Diagnostics;
using System.Net;
using System.Text;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Mount;

/// <summary>
/// Debian's uWSGI 2.0 (<c>uwsgi --plugin python3</c>, or another plugin such as <c>cgi</c>) started as the reference for a behaviour: on a port from
/// <see cref="FreePort"/> (it cannot report a port-0 bind), ready once it logs that its worker spawned. Killed on
/// dispose. Its whole output stays readable for the test's messages.
/// </summary>
internal sealed class UwsgiReference : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private UwsgiReference(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port uWSGI listens on at 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>127.0.0.1:<see cref="Port"/>.</summary>
    public EndPoint EndPoint => new IPEndPoint(IPAddress.Loopback, Port);

    /// <summary>Everything uWSGI printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The process's exit code once it exited by itself (a failed start), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>
    /// Starts <c>uwsgi --plugin PLUGIN --SOCKETOPTION 127.0.0.1:PORT ARGUMENTS…</c> in <paramref name="directory"/>.
    /// With <paramref name="waitForReady"/>, returns once the worker spawned; otherwise once the process exited.
    /// </summary>
    /// <param name="plugin">The request plugin: python3 for WSGI; cgi (with <c>--http-socket-modifier1 9</c>) for CGI scripts.</param>
    public static async Task<UwsgiReference> StartAsync(
        string directory, string socketOption, IEnumerable<string> arguments, bool waitForReady = true, string plugin = "python3")
    {
        var port = FreePort.Allocate();
        var start = new ProcessStartInfo("uwsgi")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--plugin", plugin, "--" + socketOption, $"127.0.0.1:{port}", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        var reference = new UwsgiReference(new Process { StartInfo = start, EnableRaisingEvents = true }, port);
        reference._process.OutputDataReceived += (_, line) => reference.Collect(line.Data);
        reference._process.ErrorDataReceived += (_, line) => reference.Collect(line.Data);
        reference._process.Exited += (_, _) => reference._ready.TrySetResult();
        reference._process.Start();
        reference._process.BeginOutputReadLine();
        reference._process.BeginErrorReadLine();
        if (waitForReady)
        {
            await reference._ready.Task.WaitAsync(ReadyTimeout);
            if (reference._process.HasExited)
            {
                throw new InvalidOperationException("uWSGI exited before it was ready:\n" + reference.Output);
            }
        }
        else
        {
            await reference._process.WaitForExitAsync().WaitAsync(ReadyTimeout);
        }
        return reference;
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (line.Contains("spawned uWSGI worker", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            // Bounded: WaitForExitAsync also waits for the end of the output, which a leftover process could hold open.
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }
}
