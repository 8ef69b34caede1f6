using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Support;

/// <summary>Runs gantry to completion, for the command forms that print and exit (--help, errors).</summary>
internal static class GantryRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs gantry with <paramref name="arguments"/> and returns its exit code and all its output.</summary>
    public static async Task<(int ExitCode, string Output)> ToExitAsync(
        IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        await using var gantry = GantryProcess.Start(arguments, workingDirectory, environment);
        var exitCode = await gantry.WaitForExitAsync(Timeout);
        return (exitCode, gantry.Output);
    }
}
