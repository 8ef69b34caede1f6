using Gantry.FunctionalTests.Infrastructure;

namespace Gantry.FunctionalTests.Support;

/// <summary>Assertions on what gantry wrote to its log.</summary>
internal static class OutputAssert
{
    /// <summary>Python's marker for a printed traceback; the validator's AssertionErrors print one.</summary>
    public const string TracebackMarker = "Traceback (most recent call last)";

    /// <summary>
    /// Fails when the log holds a Python traceback or a WSGIWarning: the probe runs inside wsgiref's validator, so
    /// either one means the server broke PEP 3333 somewhere.
    /// </summary>
    public static void NoTraceback(GantryProcess gantry)
    {
        var output = gantry.Output;
        Assert.False(
            output.Contains(TracebackMarker, StringComparison.Ordinal) || output.Contains("WSGIWarning", StringComparison.Ordinal),
            "the log shows a traceback or a WSGIWarning:\n" + output);
    }

    /// <summary>Waits for a log line containing <paramref name="text"/>, written at or after line <paramref name="fromLine"/>.</summary>
    public static Task<string> LogsAsync(GantryProcess gantry, string text, int fromLine = 0) =>
        gantry.WaitForOutputAsync(text, TimeSpan.FromSeconds(10), fromLine);
}
