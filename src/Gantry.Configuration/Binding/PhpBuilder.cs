namespace Gantry.Configuration.Binding;

/// <summary>The mutable twin of <see cref="PhpOptions"/> the php rows write into, values as written.</summary>
internal sealed class PhpBuilder
{
    public string? DocumentRoot { get; set; }
    public List<string> FpmAddresses { get; } = [];
    public List<string> IndexFiles { get; } = [];
    public List<string> AllowedExtensions { get; } = [];
    public List<string> AllowedDocumentRoots { get; } = [];
    public List<string> AllowedScripts { get; } = [];
    public string? App { get; set; }
    public string? Fallback { get; set; }
    public string? TryFiles { get; set; }
    public string? SplitPathInfo { get; set; }
    public string? Location { get; set; }
    public List<string> NoExecutePrefixes { get; } = [];
    public List<string> IniSettings { get; } = [];
    public List<string> Variables { get; } = [];
    public string? ServerSoftware { get; set; }
    public int? KeepAlive { get; set; }
    public int MaxConnections { get; set; }
    public int? ConnectTimeout { get; set; }
    public int? ReadTimeout { get; set; }
    public string? ClientAbort { get; set; }

    /// <summary>True when some php option was given at all.</summary>
    public bool IsMentioned => DocumentRoot is not null || FpmAddresses.Count > 0 || App is not null || TryFiles is not null || Fallback is not null;

    /// <summary>
    /// The try_files rule: php-try-files as written; else uWSGI's php-fallback as its last item
    /// (<c>$uri $uri/ /fallback.php?$query_string</c>); else nginx's <c>$uri $uri/ =404</c>.
    /// </summary>
    public string EffectiveTryFiles(Func<string, string> resolve) =>
        TryFiles ?? (Fallback is { } fallback ? $"$uri $uri/ {FallbackUri(fallback, resolve)}?$query_string" : PhpOptions.DefaultTryFiles);

    /// <summary>
    /// uWSGI's php-fallback names a file (php-fallback2: relative to the root); the site wants its URI: the path below
    /// the root, or the value itself, made to start with '/', when it is not under the root.
    /// </summary>
    public string FallbackUri(string fallback, Func<string, string> resolve)
    {
        if (DocumentRoot is { } root)
        {
            var absoluteRoot = resolve(root).TrimEnd('/');
            var absolute = resolve(fallback);
            if (absolute.StartsWith(absoluteRoot + "/", StringComparison.Ordinal))
            {
                return absolute[absoluteRoot.Length..];
            }
        }
        return fallback.StartsWith('/') ? fallback : "/" + fallback;
    }

    /// <summary>Freezes the settings; call it only once they are validated.</summary>
    /// <param name="resolve">Turns a written path into an absolute one.</param>
    public PhpOptions Build(Func<string, string> resolve) => new()
    {
        DocumentRoot = DocumentRoot is null ? null : resolve(DocumentRoot),
        FpmAddresses = FrozenList.Of(FpmAddresses),
        IndexFiles = IndexFiles.Count > 0 ? FrozenList.Of(IndexFiles) : PhpOptions.DefaultIndexFiles,
        AllowedExtensions = AllowedExtensions.Count > 0 ? FrozenList.Of(AllowedExtensions) : PhpOptions.DefaultAllowedExtensions,
        AllowedDocumentRoots = FrozenList.Of(AllowedDocumentRoots.Select(resolve).ToList()),
        AllowedScripts = FrozenList.Of(AllowedScripts.Select(resolve).ToList()),
        App = App is null ? null : FallbackUri(App, resolve),
        TryFiles = EffectiveTryFiles(resolve),
        SplitPathInfo = SplitPathInfo ?? PhpOptions.DefaultSplitPathInfo,
        Location = Location ?? PhpOptions.DefaultLocation,
        NoExecutePrefixes = FrozenList.Of(NoExecutePrefixes),
        IniSettings = FrozenList.Of(IniSettings),
        Variables = FrozenList.Of(Variables),
        ServerSoftware = ServerSoftware,
        KeepAlive = KeepAlive ?? PhpOptions.DefaultKeepAlive,
        MaxConnections = MaxConnections,
        ConnectTimeout = ConnectTimeout is null or 0 ? PhpOptions.DefaultTimeoutSeconds : ConnectTimeout.Value,
        ReadTimeout = ReadTimeout is null or 0 ? PhpOptions.DefaultTimeoutSeconds : ReadTimeout.Value,
        ClientAbort = ParseClientAbort(ClientAbort) ?? PhpClientAbort.Drain,
    };

    /// <summary>php-fpm-client-abort as written (any case, surrounding blanks); null when it names no mode.</summary>
    public static PhpClientAbort? ParseClientAbort(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null => PhpClientAbort.Drain,
        "drain" => PhpClientAbort.Drain,
        "abort" => PhpClientAbort.Abort,
        "close" => PhpClientAbort.Close,
        _ => null,
    };
}
