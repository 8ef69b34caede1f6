using System.Diagnostics;

namespace Gantry.Python.Tests.ChildProcess;

/// <summary>
/// Runs this test assembly as a child process (<see cref="ProbeProgram"/>) and collects what it printed. Each
/// child loads its own libpython, which is how one test run covers several Python versions.
/// </summary>
public static class ChildProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The result of one child run.</summary>
    public sealed record Result(int ExitCode, string Output, string Errors, TimeSpan Elapsed)
    {
        /// <summary>The value of a "key=value" line the child printed, or null.</summary>
        public string? Value(string key) =>
            Output.Split('\n').Select(line => line.TrimEnd('\r')).FirstOrDefault(line => line.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];

        public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:F1}s\n--- stdout\n{Output}\n--- stderr\n{Errors}";
    }

    /// <summary>Runs the probe with <paramref name="arguments"/> (working directory: the test output directory).</summary>
    public static Result Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Gantry.Python.Tests.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the probe did not exit within {Timeout}: {string.Join(' ', arguments)}");
        }
        return new Result(process.ExitCode, output.Result, errors.Result, clock.Elapsed);
    }

    /// <summary>The dotnet host running these tests (the SDK sets DOTNET_HOST_PATH for its children).</summary>
    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
