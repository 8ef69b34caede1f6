using System.Diagnostics;
using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Support;

/// <summary>
/// Runs Apps/ws_client.py (Debian's python3-websockets under /usr/bin/python3), a real WebSocket client: one scenario
/// against a gantry, one line per result on stdout.
/// </summary>
internal static class WebSocketClient
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Runs <paramref name="scenario"/> against <paramref name="gantry"/>'s first HTTP address; returns its stdout lines (fails on a non-zero exit).</summary>
    public static Task<string[]> RunAsync(GantryProcess gantry, string scenario, params string[] arguments) =>
        RunAsync("ws://" + gantry.HttpBase.Authority, null, scenario, arguments);

    /// <summary>
    /// Runs <paramref name="scenario"/> against <paramref name="url"/> (ws:// or wss://); a wss:// client trusts
    /// <paramref name="caFile"/> (the ssl module's SSL_CERT_FILE); returns its stdout lines (fails on a non-zero exit).
    /// </summary>
    public static async Task<string[]> RunAsync(string url, string? caFile, string scenario, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Python)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (caFile is not null)
        {
            startInfo.Environment["SSL_CERT_FILE"] = caFile;
        }
        startInfo.ArgumentList.Add(Path.Combine(TestApps.Folder, "ws_client.py"));
        startInfo.ArgumentList.Add(url);
        startInfo.ArgumentList.Add(scenario);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            Assert.Fail($"ws_client.py {scenario} ran longer than {Timeout}");
        }
        Assert.True(process.ExitCode == 0, $"ws_client.py {scenario} exited {process.ExitCode}: {await error}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
