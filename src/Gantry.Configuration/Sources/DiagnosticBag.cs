namespace Gantry.Configuration.Sources;

/// <summary>Collects every error, warning and notice of one load, so they are all reported at once.</summary>
internal sealed class DiagnosticBag
{
    private readonly HashSet<string> _noticedOptions = new(StringComparer.Ordinal);

    public List<ConfigurationDiagnostic> Errors { get; } = [];

    public List<ConfigurationDiagnostic> Warnings { get; } = [];

    public List<string> Notices { get; } = [];

    public void Error(string origin, string? setting, string message, string? option = null) =>
        Errors.Add(new ConfigurationDiagnostic(origin, setting, message, option));

    public void Warning(string origin, string? setting, string message, string? option = null) =>
        Warnings.Add(new ConfigurationDiagnostic(origin, setting, message, option));

    /// <summary>Adds a notice about an option the first time only.</summary>
    public void NoticeOnce(string option, string line)
    {
        if (_noticedOptions.Add(option))
        {
            Notices.Add(line);
        }
    }
}
