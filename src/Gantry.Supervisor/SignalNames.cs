using System.Globalization;

namespace Gantry.Supervisor;

/// <summary>Signal names and numbers on Linux, as supervisord's <c>signal_number</c> and <c>signame</c> read and write them.</summary>
internal static class SignalNames
{
    private static readonly string[] Names =
    [
        "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
        "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF",
        "WINCH", "POLL", "PWR", "SYS",
    ];

    public static bool TryParse(string text, out int number)
    {
        var trimmed = text.Trim();
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return number is > 0 and < 65;
        }
        var upper = trimmed.ToUpperInvariant();
        if (upper.StartsWith("SIG", StringComparison.Ordinal))
        {
            upper = upper[3..];
        }
        number = Array.IndexOf(Names, upper);
        if (upper == "IOT")
        {
            number = 6;
        }
        else if (upper == "IO")
        {
            number = 29;
        }
        return number > 0;
    }

    /// <summary>"SIGTERM", or "signal 40" for one without a name.</summary>
    public static string Name(int number) => number > 0 && number < Names.Length ? "SIG" + Names[number] : $"signal {number}";
}
