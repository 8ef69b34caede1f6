using System.Diagnostics;

namespace Gantry.FunctionalTests.Support;

/// <summary>Runs /usr/bin/curl, a real client whose habits (Expect: 100-continue on big bodies) tests rely on.</summary>
internal static class Curl
{
    private const string Executable = "/usr/bin/curl";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>What a curl run printed and its exit code (0 is success; 18 a partial transfer; 56 a receive error).</summary>
    /// <param name="ExitCode">curl's exit code.</param>
    /// <param name="StandardOutput">What curl wrote on stdout (the body, unless -o).</param>
    /// <param name="StandardError">What curl wrote on stderr (the -v trace).</param>
    internal sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs curl with <paramref name="arguments"/>; <paramref name="standardInput"/> is copied to its stdin.</summary>
    public static async Task<Result> RunAsync(IEnumerable<string> arguments, Func<Stream, Task>? standardInput = null)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install the curl package");
        var startInfo = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
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
        // The bound covers feeding stdin too: curl that stops reading it without exiting would block the copy for ever.
        using var timeout = new CancellationTokenSource(Timeout);
        using var killOnTimeout = timeout.Token.Register(() => Kill(process));
        try
        {
            if (standardInput is not null)
            {
                await standardInput(process.StandardInput.BaseStream);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // curl stopped reading (it got its answer early, or failed, or was killed); its exit code and trace tell the test why.
        }

        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Reported below.
        }

        if (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"curl {string.Join(' ', startInfo.ArgumentList)} ran longer than {Timeout}");
        }

        return new Result(process.ExitCode, await output, await error);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }
}
