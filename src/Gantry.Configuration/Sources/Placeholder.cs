namespace Gantry.Configuration.Sources;

/// <summary>
/// A name that is not an option but holds a value for <c>%(name)</c> references: an unknown ini key
/// (uWSGI keeps those too), a <c>set-placeholder</c>, or an unknown <c>UWSGI_*</c> variable.
/// </summary>
internal sealed class Placeholder(string name, string value, OptionOrigin origin, bool declared)
{
    public string Name { get; } = name;

    public string Value { get; } = value;

    public OptionOrigin Origin { get; } = origin;

    /// <summary>True when declared on purpose (set-placeholder, environment): never reported as a typo.</summary>
    public bool Declared { get; } = declared;

    /// <summary>Set once a <c>%(name)</c> reference used it.</summary>
    public bool Referenced { get; set; }
}
