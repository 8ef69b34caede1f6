namespace Gantry.Configuration;

/// <summary>
/// Gantry's <c>https-hsts = seconds[,includeSubDomains][,preload]</c> turned into the header value RFC 6797 §6.1
/// defines: <c>max-age=seconds[; includeSubDomains][; preload]</c> (preload as the browsers' preload lists ask).
/// </summary>
public static class HstsValue
{
    /// <summary>The header value; null with <paramref name="error"/> when the value is not of that form.</summary>
    public static string? TryParse(string text, out string? error)
    {
        var fields = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || !long.TryParse(fields[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            error = "write max-age seconds[,includeSubDomains][,preload], e.g. 31536000,includeSubDomains";
            return null;
        }
        var value = $"max-age={seconds}";
        foreach (var flag in fields[1..])
        {
            if (flag.Equals("includeSubDomains", StringComparison.OrdinalIgnoreCase))
            {
                value += "; includeSubDomains";
            }
            else if (flag.Equals("preload", StringComparison.OrdinalIgnoreCase))
            {
                value += "; preload";
            }
            else
            {
                error = $"unknown directive \"{flag}\": write max-age seconds[,includeSubDomains][,preload]";
                return null;
            }
        }
        error = null;
        return value;
    }
}
