using System.Diagnostics;

namespace Gantry.Supervisor.Tests.Infrastructure;

/// <summary>A finished command: its exit code and output.</summary>
public sealed record RunResult(int ExitCode, string Output, string Error);

/// <summary>Runs a real program (supervisorctl, the gantry binary) to its end, with a bound it cannot miss.</summary>
public static class Run
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static RunResult Command(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Bound))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {Bound.TotalSeconds} s");
        }
        process.WaitForExit();
        return new RunResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until true; fails with <paramref name="what"/> after the bound.</summary>
    public static void Until(Func<bool> condition, string what, TimeSpan? bound = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = bound ?? Bound;
        while (!condition())
        {
            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"gave up after {limit.TotalSeconds} s waiting for {what}");
            }
            Thread.Sleep(100);
        }
    }

    public static string RequireTool(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"{name} is not installed: run ./setup.sh (Debian package 'supervisor')");
    }
}
