namespace Gantry.Configuration;

/// <summary>The outcome of <see cref="ConfigurationLoader.Load"/>.</summary>
public sealed class ConfigurationResult
{
    /// <summary>The merged options; null when there are errors or when help or the version was requested.</summary>
    public GantryOptions? Options { get; init; }

    /// <summary>Every error found, each with its fix; startup must stop when there is any.</summary>
    public IReadOnlyList<ConfigurationDiagnostic> Errors { get; init; } = [];

    /// <summary>Problems that do not stop startup (likely typos, ignored trailing text); log them.</summary>
    public IReadOnlyList<ConfigurationDiagnostic> Warnings { get; init; } = [];

    /// <summary>One line per ignored option and per option parsed but not active yet; log them once at startup.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary>True when <c>--help</c>, <c>--usage</c> or <c>-h</c> was given: print <see cref="Usage"/> or <see cref="HelpText.Render"/> and exit.</summary>
    public bool HelpRequested { get; init; }

    /// <summary>
    /// With <see cref="HelpRequested"/>: the usage of a command line of its own (<c>gantry asgi --help</c>) to print
    /// instead of the option list; null for the option list.
    /// </summary>
    public string? Usage { get; init; }

    /// <summary>True when <c>--version</c> was given: print the version and exit.</summary>
    public bool VersionRequested { get; init; }

    /// <summary>True when <see cref="Options"/> is usable.</summary>
    public bool Succeeded => Options is not null && Errors.Count == 0;
}
