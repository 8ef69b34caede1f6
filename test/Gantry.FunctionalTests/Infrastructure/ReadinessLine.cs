using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>
/// The line gantry prints on stderr once every listener is bound, which functional tests wait for instead of sleeping:
/// <code>gantry ready (pid 1234): http://127.0.0.1:41234 http://[::1]:41235 uwsgi://unix:/tmp/x/app.sock</code>
/// The addresses are separated by single spaces, so a unix socket path cannot contain one.
/// </summary>
/// <param name="Pid">The pid gantry reports (the master's when it forks workers).</param>
/// <param name="Addresses">Every bound listener, in the order printed.</param>
public sealed partial record ReadinessLine(int Pid, IReadOnlyList<GantryAddress> Addresses)
{
    /// <summary>True when <paramref name="line"/> is a readiness line (a log prefix before it is allowed).</summary>
    public static bool IsMatch(string line) => Pattern().IsMatch(line);

    /// <summary>Parses a readiness line; false when the line is not one.</summary>
    /// <exception cref="FormatException">The line is a readiness line but one of its addresses is malformed.</exception>
    public static bool TryParse(string line, [NotNullWhen(true)] out ReadinessLine? readiness)
    {
        readiness = null;
        var match = Pattern().Match(line);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        var addresses = match.Groups[2].Value
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(GantryAddress.Parse)
            .ToArray();
        if (addresses.Length == 0)
        {
            throw new FormatException($"readiness line lists no address: '{line}'");
        }

        readiness = new ReadinessLine(pid, addresses);
        return true;
    }

    [GeneratedRegex(@"gantry ready \(pid (\d+)\): (.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
