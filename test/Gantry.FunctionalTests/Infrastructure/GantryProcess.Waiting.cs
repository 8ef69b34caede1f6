using System.Text;
using System.Text.RegularExpressions;

namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>Waiting for lines and for the exit; every failure message carries the captured output.</summary>
public sealed partial class GantryProcess
{
    // Failure messages keep the end of a long output: the cause is almost always near the end.
    private const int MessageTailLines = 400;

    /// <summary>
    /// Waits for the readiness line (<c>gantry ready (pid N): addresses…</c>) and parses it into <see cref="Addresses"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process exited first; the message has its output.</exception>
    /// <exception cref="TimeoutException">No readiness line within <paramref name="timeout"/>; the message has the output.</exception>
    /// <exception cref="FormatException">The readiness line is malformed.</exception>
    public async Task WaitForReadyAsync(TimeSpan timeout)
    {
        var line = await WaitForLineAsync(ReadinessLine.IsMatch, "the readiness line", timeout, fromLine: 0);
        if (!ReadinessLine.TryParse(line, out var readiness))
        {
            throw new FormatException(Describe($"could not parse the readiness line '{line}'"));
        }

        _readiness = readiness;
    }

    /// <summary>
    /// Waits for a line, already written or still to come, that contains <paramref name="substringOrRegex"/> or,
    /// failing that, matches it as a regular expression. Returns the line.
    /// </summary>
    /// <param name="substringOrRegex">Text looked for as a substring first, then as a .NET regular expression.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="fromLine">Ignore lines before this index (<see cref="LineCount"/> taken before an action).</param>
    /// <exception cref="InvalidOperationException">The process exited first; the message has its output.</exception>
    /// <exception cref="TimeoutException">No such line in time; the message has the output.</exception>
    public Task<string> WaitForOutputAsync(string substringOrRegex, TimeSpan timeout, int fromLine = 0)
    {
        Regex? regex = null;
        try
        {
            regex = new Regex(substringOrRegex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            // Not a valid pattern: a plain substring only.
        }

        return WaitForLineAsync(
            line => line.Contains(substringOrRegex, StringComparison.Ordinal) || (regex?.IsMatch(line) ?? false),
            $"a line matching '{substringOrRegex}'",
            timeout,
            fromLine);
    }

    /// <summary>Waits for the process to exit and its output to be read; returns the exit code.</summary>
    /// <exception cref="TimeoutException">Still running after <paramref name="timeout"/>; the message has the output.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        if (await Task.WhenAny(_exited.Task, Task.Delay(timeout)) != _exited.Task)
        {
            throw new TimeoutException(Describe($"still running after {timeout.TotalSeconds:0.#} s"));
        }

        return await _exited.Task;
    }

    private async Task<string> WaitForLineAsync(Func<string, bool> match, string what, TimeSpan timeout, int fromLine)
    {
        var line = _output.WaitForLine(match, fromLine);
        try
        {
            var winner = await Task.WhenAny(line, _exited.Task, Task.Delay(timeout));
            if (line.IsCompleted)
            {
                return await line;
            }

            throw winner == _exited.Task
                ? new InvalidOperationException(Describe($"exited with code {_exited.Task.Result} before printing {what}"))
                : new TimeoutException(Describe($"did not print {what} within {timeout.TotalSeconds:0.#} s"));
        }
        finally
        {
            _output.Forget(line);
        }
    }

    /// <summary>A failure message: what went wrong, the command line, the state, and the (end of the) output.</summary>
    private string Describe(string problem)
    {
        var lines = _output.Snapshot();
        var state = ExitCode is { } code ? $"exited with code {code}" : "running";
        var message = new StringBuilder()
            .Append("gantry ").Append(problem).Append('\n')
            .Append("command: ").Append(CommandLine).Append('\n')
            .Append("pid ").Append(Pid).Append(", ").Append(state).Append(", ").Append(lines.Length).Append(" lines of output")
            .Append(lines.Length > MessageTailLines ? $" (last {MessageTailLines} shown)" : "").Append(":\n");
        foreach (var line in lines.Skip(Math.Max(0, lines.Length - MessageTailLines)))
        {
            message.Append(line.ToString()).Append('\n');
        }

        return message.ToString();
    }
}
