using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Gantry.InteropTests.Infrastructure;

/// <summary>
/// A server started by a test (gantry, nginx): arguments passed as is, every stdout/stderr line captured, stopped
/// with a signal then killed if it lingers. Disposing always leaves no process behind.
/// </summary>
internal sealed partial class ChildProcess : IDisposable
{
    private const int SignalTerm = 15;

    // After the exit, how long the output may take to end: a process that outlived this one (a daemon, an orphaned
    // worker) can hold the pipes open for ever, which is why WaitForExit() without a timeout is never called.
    private static readonly TimeSpan OutputDrainGrace = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<string> _lines = [];
    private readonly List<Action<string>> _lineWatchers = [];
    private readonly TaskCompletionSource _stdoutEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ChildProcess(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        Description = $"{fileName} {string.Join(' ', start.ArgumentList)}";
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, _stdoutEnded);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, _stderrEnded);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Description { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far.</summary>
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

    /// <summary>Lines printed so far: pass it to <see cref="WaitForLine"/> to look only at later ones.</summary>
    public int LineCount
    {
        get
        {
            lock (_output)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>
    /// Waits until a line from number <paramref name="fromLine"/> on satisfies <paramref name="match"/>; throws with the
    /// output if the process exits or time runs out.
    /// </summary>
    public string WaitForLine(Func<string, bool> match, TimeSpan timeout, int fromLine = 0)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            foreach (var line in _lines.Skip(fromLine))
            {
                if (match(line))
                {
                    return line;
                }
            }
            _lineWatchers.Add(line =>
            {
                if (match(line))
                {
                    found.TrySetResult(line);
                }
            });
        }
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (found.Task.Wait(100))
            {
                return found.Task.Result;
            }
            if (_process.HasExited)
            {
                WaitForExitAndOutput();
                if (found.Task.IsCompleted)
                {
                    return found.Task.Result;
                }
                throw new InvalidOperationException($"{Description} exited with {_process.ExitCode}:\n{Output}");
            }
        }
        throw new TimeoutException($"{Description} did not print the expected line within {timeout}:\n{Output}");
    }

    /// <summary>Asks the process to stop (SIGTERM), kills it after <paramref name="grace"/>; returns the exit code.</summary>
    public int Stop(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SignalTerm);
            if (!_process.WaitForExit(grace))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        WaitForExitAndOutput();
        return _process.ExitCode;
    }

    /// <summary>Waits for the exit, then (briefly) for the end of its output, so the last lines are in <see cref="Output"/>.</summary>
    private void WaitForExitAndOutput()
    {
        if (!_process.WaitForExit(ExitTimeout))
        {
            throw new TimeoutException($"{Description} did not exit within {ExitTimeout}:\n{Output}");
        }
        _ = Task.WaitAll([_stdoutEnded.Task, _stderrEnded.Task], OutputDrainGrace);
    }

    public void Dispose()
    {
        _ = Stop(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private void OnLine(string? line, TaskCompletionSource ended)
    {
        if (line is null)
        {
            ended.TrySetResult();
            return;
        }
        Action<string>[] watchers;
        lock (_output)
        {
            _output.Append(line).Append('\n');
            _lines.Add(line);
            watchers = [.. _lineWatchers];
        }
        foreach (var watcher in watchers)
        {
            watcher(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
