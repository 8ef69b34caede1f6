using System.Diagnostics;
using System.Text;

namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>
/// The real gantry binary started for a test: captures every line of stdout and stderr, waits for the readiness
/// line instead of sleeping, and stops the process with a POSIX signal. Disposing kills whatever still runs.
/// </summary>
/// <example>
/// <code>
/// await using var gantry = await GantryProcess.StartReadyAsync(["--http", "127.0.0.1:0", "--wsgi-file", "start.py"],
///     workingDirectory: RepoPaths.Examples);
/// var body = await new HttpClient().GetStringAsync(gantry.HttpBase);
/// Assert.Equal(0, await gantry.StopAsync());
/// </code>
/// </example>
public sealed partial class GantryProcess : IAsyncDisposable
{
    /// <summary>How long <see cref="StartReadyAsync"/> waits for the readiness line by default.</summary>
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long <see cref="StopAsync"/> waits after the signal before SIGKILL, by default.</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(15);

    // After the process exits, how long its pipes may stay open (held by a child that outlived it) before
    // the output is taken as complete.
    private static readonly TimeSpan OutputDrainGrace = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly ProcessOutput _output = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReadinessLine? _readiness;

    private GantryProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
    }

    /// <summary>The command line, for messages.</summary>
    public string CommandLine { get; }

    /// <summary>The pid of the started process.</summary>
    public int Pid { get; private set; }

    /// <summary>True once the process has exited and its output has been read.</summary>
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>The exit code (128 + signal number when a signal ended it); null while it runs.</summary>
    public int? ExitCode => _exited.Task.IsCompleted ? _exited.Task.Result : null;

    /// <summary>The readiness line, once <see cref="WaitForReadyAsync"/> has seen it; else null.</summary>
    public ReadinessLine? Readiness => _readiness;

    /// <summary>Every listener from the readiness line; empty before it.</summary>
    public IReadOnlyList<GantryAddress> Addresses => _readiness?.Addresses ?? [];

    /// <summary>The first http listener as a base URI (<c>http://127.0.0.1:41234/</c>).</summary>
    /// <exception cref="InvalidOperationException">Not ready yet, or no http listener; the message has the output.</exception>
    public Uri HttpBase => Addresses.FirstOrDefault(address => address is { Scheme: "http", IsUnix: false })?.ToUri()
        ?? throw new InvalidOperationException(Describe(_readiness is null
            ? "HttpBase was read before WaitForReadyAsync completed"
            : "the readiness line lists no http address"));

    /// <summary>Everything written so far on stdout and stderr, one line per line, in arrival order.</summary>
    public string Output => _output.Text();

    /// <summary>A copy of every line written so far, with the stream each came from.</summary>
    public IReadOnlyList<OutputLine> Lines => _output.Snapshot();

    /// <summary>How many lines have been written so far: pass it as <c>fromLine</c> to wait only for newer ones.</summary>
    public int LineCount => _output.Count;

    /// <summary>
    /// Starts <see cref="RepoPaths.Binary"/> with <paramref name="arguments"/>. It does not wait for readiness.
    /// </summary>
    /// <param name="arguments">The command-line arguments, each passed as is (no shell).</param>
    /// <param name="workingDirectory">The working directory; the repository root when null.</param>
    /// <param name="environment">Variables to add or override; a null value removes the variable.</param>
    public static GantryProcess Start(
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null) =>
        Start(RepoPaths.Binary, arguments, workingDirectory, environment);

    /// <summary>Starts gantry and waits for its readiness line; kills it and throws if it never comes.</summary>
    /// <param name="arguments">The command-line arguments, each passed as is (no shell).</param>
    /// <param name="workingDirectory">The working directory; the repository root when null.</param>
    /// <param name="environment">Variables to add or override; a null value removes the variable.</param>
    /// <param name="timeout">How long to wait; <see cref="DefaultReadyTimeout"/> when null.</param>
    public static async Task<GantryProcess> StartReadyAsync(
        IEnumerable<string> arguments,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var gantry = Start(arguments, workingDirectory, environment);
        try
        {
            await gantry.WaitForReadyAsync(timeout ?? DefaultReadyTimeout);
            return gantry;
        }
        catch
        {
            await gantry.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts any executable under this harness (the harness's own tests use /bin/sh).</summary>
    internal static GantryProcess Start(
        string executable,
        IEnumerable<string> arguments,
        string? workingDirectory,
        IReadOnlyDictionary<string, string?>? environment)
    {
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException(
                $"{executable} does not exist: run ./setup.sh --no-run (it publishes out/gantry) or set GANTRY_BINARY", executable);
        }

        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var commandLine = string.Join(' ', startInfo.ArgumentList.Prepend(executable).Select(Quote));
        var gantry = new GantryProcess(new Process { StartInfo = startInfo, EnableRaisingEvents = true }, commandLine);
        gantry.Launch();
        return gantry;
    }

    private void Launch()
    {
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, isStandardError: false, _stdoutClosed);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, isStandardError: true, _stderrClosed);
        _process.Exited += (_, _) => _ = CompleteExitAsync();
        _process.Start();
        Pid = _process.Id;

        // A server does not read stdin: give it end-of-file rather than the test host's terminal.
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void OnLine(string? text, bool isStandardError, TaskCompletionSource closed)
    {
        if (text is null)
        {
            closed.TrySetResult();
            return;
        }

        _output.Add(new OutputLine(isStandardError, text));
    }

    private async Task CompleteExitAsync()
    {
        await Task.WhenAny(Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task), Task.Delay(OutputDrainGrace));
        _exited.TrySetResult(_process.ExitCode);
    }

    /// <summary>Kills the process and its descendants if still running, and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            KillTree();
            await Task.WhenAny(_exited.Task, Task.Delay(DefaultStopTimeout));
        }

        _process.Dispose();
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=@%+,".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
