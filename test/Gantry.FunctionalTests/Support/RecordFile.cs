namespace Gantry.FunctionalTests.Support;

/// <summary>
/// A file the probe app appends lines to (close() called, atexit ran…). The app writes it from the server's
/// thread after the response, so a test waits for the line with a deadline rather than reading once.
/// </summary>
internal static class RecordFile
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>The lines of <paramref name="path"/>, or none when it does not exist yet.</summary>
    public static string[] Lines(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];

    /// <summary>Waits until <paramref name="path"/> has the line <paramref name="expected"/>; fails with what it has.</summary>
    public static async Task WaitForLineAsync(string path, string expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Lines(path).Contains(expected))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{path} never got the line '{expected}' within {timeout.TotalSeconds} s; it has: [{string.Join(", ", Lines(path))}]");
            }

            await Task.Delay(PollInterval);
        }
    }
}
