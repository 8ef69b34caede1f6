namespace Gantry.Configuration.Binding;

/// <summary>The mutable twin of <see cref="StaticFilesOptions"/> the static-file rows write into.</summary>
internal sealed class StaticFilesBuilder
{
    public List<KeyValuePair<string, string>> Maps { get; } = [];
    public List<KeyValuePair<string, string>> Maps2 { get; } = [];
    public List<string> CheckStatic { get; } = [];
    public List<string> IndexFiles { get; } = [];
    public List<string> SkipExtensions { get; } = [];
    public List<string> SafePaths { get; } = [];
    public List<string> MimeFiles { get; } = [];

    /// <summary>Each static-expires* line as written (option name, value): checked by the validator, parsed on build.</summary>
    public List<KeyValuePair<string, string>> Expires { get; } = [];
    public bool HonourRange { get; set; }

    /// <summary>Freezes the settings; empty lists become the shared empty array so records compare equal (ParityTests).</summary>
    public StaticFilesOptions Build() => new()
    {
        Maps = Frozen(Maps),
        Maps2 = Frozen(Maps2),
        CheckStatic = Frozen(CheckStatic),
        IndexFiles = Frozen(IndexFiles),
        SkipExtensions = Frozen(SkipExtensions),
        SafePaths = Frozen(SafePaths),
        MimeFiles = Frozen(MimeFiles),
        Expires = Expires.Count == 0 ? [] : [.. Expires.Select(e => StaticExpiresSetting.Parse(e.Key, e.Value)).OfType<StaticExpiresSetting>()],
        HonourRange = HonourRange,
    };

    private static IReadOnlyList<T> Frozen<T>(List<T> list) => list.Count == 0 ? [] : [.. list];
}
