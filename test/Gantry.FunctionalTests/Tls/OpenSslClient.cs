using System.Diagnostics;

namespace Gantry.FunctionalTests.Tls;

/// <summary>Runs <c>openssl s_client</c> (a real TLS client whose handshake report the tests read) with its stdin closed.</summary>
internal static class OpenSslClient
{
    private const string Executable = "/usr/bin/openssl";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> and returns the exit code and stdout + stderr.</summary>
    public static async Task<(int ExitCode, string Output)> ConnectAsync(int port, params string[] arguments)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: install the openssl package");
        var startInfo = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost", .. arguments])
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"openssl {string.Join(' ', startInfo.ArgumentList)} ran longer than {Timeout}");
        }
        return (process.ExitCode, await output + await error);
    }
}
