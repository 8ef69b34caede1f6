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
    public string? FileServeMode { get; set; }
    public bool GzipAll { get; set; }
    public int CachePathsSeconds { get; set; }
    public List<string> GzipPrefixes { get; } = [];
    public List<string> GzipSuffixes { get; } = [];
    public List<string> GzipPatterns { get; } = [];

    /// <summary>Freezes the settings.</summary>
    public StaticFilesOptions Build() => new()
    {
        Maps = FrozenList.Of(Maps),
        Maps2 = FrozenList.Of(Maps2),
        CheckStatic = FrozenList.Of(CheckStatic),
        IndexFiles = FrozenList.Of(IndexFiles),
        SkipExtensions = FrozenList.Of(SkipExtensions),
        SafePaths = FrozenList.Of(SafePaths),
        MimeFiles = FrozenList.Of(MimeFiles),
        Expires = Expires.Count == 0 ? [] : [.. Expires.Select(e => StaticExpiresSetting.Parse(e.Key, e.Value)).OfType<StaticExpiresSetting>()],
        HonourRange = HonourRange,
        FileServeMode = FileServeMode?.Trim().ToLowerInvariant() switch
        {
            "x-sendfile" or "xsendfile" => StaticServeMode.XSendfile,
            "x-accel-redirect" or "xaccelredirect" or "nginx" => StaticServeMode.XAccelRedirect,
            _ => StaticServeMode.Send,
        },
        GzipAll = GzipAll,
        CachePathsSeconds = CachePathsSeconds,
        GzipPrefixes = FrozenList.Of(GzipPrefixes),
        GzipSuffixes = FrozenList.Of(GzipSuffixes),
        GzipPatterns = FrozenList.Of(GzipPatterns),
    };
}
