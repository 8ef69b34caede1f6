using System.Diagnostics;

namespace Gantry.FunctionalTests.Support;

/// <summary>Runs a real tool (openssl, h2load, python3…) with its stdin closed, within a bound, and returns what it printed.</summary>
internal static class ToolProcess
{
    /// <summary>The exit code, stdout and stderr of one run.</summary>
    /// <param name="ExitCode">The tool's exit code.</param>
    /// <param name="StandardOutput">What it wrote on stdout.</param>
    /// <param name="StandardError">What it wrote on stderr.</param>
    internal sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>Stdout then stderr, for assertions that do not care which.</summary>
        public string Output => StandardOutput + StandardError;
    }

    /// <summary>Runs <paramref name="executable"/>; fails the test if it is missing or runs past <paramref name="timeout"/>.</summary>
    public static async Task<Result> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout)
    {
        Assert.True(File.Exists(executable), $"{executable} is missing: ./setup.sh installs it");
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        using var bound = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{executable} {string.Join(' ', startInfo.ArgumentList)} did not exit within {timeout.TotalSeconds} s");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
