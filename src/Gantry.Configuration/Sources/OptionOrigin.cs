namespace Gantry.Configuration.Sources;

/// <summary>The place a setting was read from, as shown in diagnostics ("command line", "/srv/app/wsgi.ini:3").</summary>
/// <param name="Kind">Command line, file or environment.</param>
/// <param name="Location">Human-readable location.</param>
internal sealed record OptionOrigin(OriginKind Kind, string Location)
{
    /// <summary>The command line.</summary>
    public static readonly OptionOrigin CommandLine = new(OriginKind.CommandLine, "command line");

    /// <summary>The process environment.</summary>
    public static readonly OptionOrigin Environment = new(OriginKind.Environment, "environment");

    /// <summary>Line <paramref name="line"/> of <paramref name="path"/>.</summary>
    public static OptionOrigin FileLine(string path, int line) => new(OriginKind.File, $"{path}:{line}");
}
