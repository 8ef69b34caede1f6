namespace Gantry.Configuration.Binding;

/// <summary>Collects the emperor's settings while options are read; <see cref="Build"/> makes the immutable record.</summary>
internal sealed class EmperorBuilder
{
    public List<string> Monitors { get; } = [];
    public List<string> ExtraExtensions { get; } = [];
    public List<string> InheritBefore { get; } = [];
    public List<string> IncludeBefore { get; } = [];
    public List<string> Set { get; } = [];
    public List<string> Inherit { get; } = [];
    public List<string> Include { get; } = [];

    /// <summary>Scalars, changed with <c>with</c> as each option is read.</summary>
    public EmperorOptions Scalars { get; set; } = new();

    public EmperorOptions Build(Func<string, string> resolvePath) => Scalars with
    {
        Monitors = [.. Monitors],
        ExtraExtensions = [.. ExtraExtensions],
        InheritBefore = [.. InheritBefore.Select(resolvePath)],
        IncludeBefore = [.. IncludeBefore.Select(resolvePath)],
        Set = [.. Set],
        Inherit = [.. Inherit.Select(resolvePath)],
        Include = [.. Include.Select(resolvePath)],
    };
}
