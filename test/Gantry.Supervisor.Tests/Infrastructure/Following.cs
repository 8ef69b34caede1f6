using System.Diagnostics;
using System.Text;

namespace Gantry.Supervisor.Tests.Infrastructure;

/// <summary>
/// A client that runs until interrupted (<c>tail -f</c>, <c>maintail -f</c>, <c>fg</c>): its output collected as it
/// comes, lines written to its stdin, SIGINT sent as Ctrl-C would. Started under <c>env --default-signal=INT</c> so
/// SIGINT is not ignored even when the test host was started in the background.
/// </summary>
public sealed class Following : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _reader;

    public Following(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--default-signal=INT", program, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await _process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (_output)
                {
                    _output.Append(buffer, 0, read);
                }
            }
        });
    }

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

    public void WaitFor(string text) =>
        Run.Until(() => Output.Contains(text, StringComparison.Ordinal) || _process.HasExited, $"'{text}' in the output");

    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>SIGINT, then its exit within the bound; the exit code.</summary>
    public int Interrupt()
    {
        Native.kill(_process.Id, 2);
        return Exit();
    }

    public int Exit()
    {
        if (!_process.WaitForExit(Run.Bound))
        {
            throw new TimeoutException($"the client did not exit within {Run.Bound.TotalSeconds} s: {Output}");
        }
        _process.WaitForExit();
        _reader.Wait(Run.Bound);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
