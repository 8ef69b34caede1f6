using Gantry.FunctionalTests.Support;

namespace Gantry.FunctionalTests.Tls;

/// <summary>Runs <c>openssl s_client</c> (a real TLS client whose handshake report the tests read) with its stdin closed.</summary>
internal static class OpenSslClient
{
    /// <summary>Connects to 127.0.0.1:<paramref name="port"/> and returns the exit code and stdout + stderr.</summary>
    public static async Task<(int ExitCode, string Output)> ConnectAsync(int port, params string[] arguments)
    {
        var result = await ToolProcess.RunAsync("/usr/bin/openssl",
            ["s_client", "-connect", $"127.0.0.1:{port}", "-servername", "localhost", .. arguments], TimeSpan.FromSeconds(60));
        return (result.ExitCode, result.Output);
    }
}
