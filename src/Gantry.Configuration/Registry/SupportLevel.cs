namespace Gantry.Configuration.Registry;

/// <summary>What Gantry does with an option it reads.</summary>
internal enum SupportLevel
{
    /// <summary>Gantry implements the option (possibly not active yet: see <see cref="OptionDefinition.PendingIssue"/>).</summary>
    Supported,

    /// <summary>Accepted and ignored because ignoring it is harmless; logged once at startup with the reason.</summary>
    Ignored,

    /// <summary>A startup error: ignoring it would change behaviour the user relies on.</summary>
    Rejected,
}
