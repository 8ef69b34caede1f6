namespace Gantry.Configuration.Binding;

/// <summary>The mutable twin of <see cref="CgiOptions"/> the cgi rows write into, values as written.</summary>
internal sealed class CgiBuilder
{
    /// <summary>uWSGI's defaults for a 0 (or absent) cgi-timeout and cgi-buffer-size (cgi_plugin.c <c>uwsgi_cgi_init</c>).</summary>
    public const int DefaultTimeout = 60;
    public const int DefaultBufferSize = 65536;

    /// <summary>Each <c>cgi</c> value as written, <c>[MOUNTPOINT=]PATH</c>.</summary>
    public List<string> Mounts { get; } = [];

    /// <summary>Each <c>cgi-helper</c> value as written; the validator checks its <c>SUFFIX=PROGRAM</c> form.</summary>
    public List<string> Helpers { get; } = [];
    public List<string> IndexFiles { get; } = [];
    public List<string> AllowedExtensions { get; } = [];
    public List<string> SafePaths { get; } = [];
    public List<string> UnsetVariables { get; } = [];
    public int Timeout { get; set; }
    public int BufferSize { get; set; }
    public bool FromDocumentRoot { get; set; }
    public bool Optimize { get; set; }
    public bool DoNotKillOnError { get; set; }
    public bool CloseStdinOnEof { get; set; }
    public bool DoNotResolve { get; set; }

    /// <summary>True when some request can reach a script, as <see cref="CgiOptions.IsConfigured"/>.</summary>
    public bool IsConfigured => Mounts.Count > 0 || FromDocumentRoot;

    /// <summary>True when some cgi-* setting other than <c>cgi</c> and <c>cgi-from-docroot</c> was given.</summary>
    public bool HasSettings =>
        Helpers.Count + IndexFiles.Count + AllowedExtensions.Count + SafePaths.Count + UnsetVariables.Count > 0
        || Timeout != 0 || BufferSize != 0 || Optimize || DoNotKillOnError || CloseStdinOnEof || DoNotResolve;

    /// <summary>
    /// Splits a <c>cgi</c> value at its first '=' (cgi_plugin.c <c>uwsgi_opt_add_cgi</c>): <c>/cgi-bin=/srv/cgi</c> is a
    /// mountpoint and a path; <c>/srv/cgi</c> has no mountpoint (null: the whole site). <c>=/srv/cgi</c> has the
    /// mountpoint "", which uWSGI never matches.
    /// </summary>
    public static (string? Mountpoint, string Path) Split(string value)
    {
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (null, value) : (value[..equals], value[(equals + 1)..]);
    }

    /// <summary>
    /// Which written mounts uWSGI ever uses (cgi_plugin.c <c>uwsgi_cgi_apps</c> and <c>uwsgi_cgi_get_docroot</c>): of
    /// several mounts with one mountpoint the first (a longer match is required to replace it), of several bare paths the
    /// last (each one overwrites <c>default_cgi</c>).
    /// </summary>
    public bool[] UsedMounts()
    {
        var used = new bool[Mounts.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int lastBare = Mounts.FindLastIndex(mount => Split(mount).Mountpoint is null);
        for (int i = 0; i < Mounts.Count; i++)
        {
            used[i] = Split(Mounts[i]).Mountpoint is { } mountpoint ? seen.Add(mountpoint) : i == lastBare;
        }
        return used;
    }

    /// <summary>Freezes the settings; call it only once they are validated (a helper without '=' would throw).</summary>
    /// <param name="resolve">Turns a written path into the absolute one a <see cref="CgiMount"/> holds.</param>
    public CgiOptions Build(Func<string, string> resolve)
    {
        var used = UsedMounts();
        var mounts = Mounts.Where((_, i) => used[i]).Select(Split)
            .Select(mount => Mount(mount.Mountpoint ?? string.Empty, resolve(mount.Path))).ToList();
        return new CgiOptions
        {
            Mounts = FrozenList.Of(mounts),
            Helpers = FrozenList.Of(Helpers.Select(Helper).ToList()),
            IndexFiles = FrozenList.Of(IndexFiles),
            AllowedExtensions = FrozenList.Of(AllowedExtensions),
            SafePaths = FrozenList.Of(SafePaths),
            UnsetVariables = FrozenList.Of(UnsetVariables),
            Timeout = Timeout == 0 ? DefaultTimeout : Timeout,
            BufferSize = BufferSize == 0 ? DefaultBufferSize : BufferSize,
            FromDocumentRoot = FromDocumentRoot,
            Optimize = Optimize,
            DoNotKillOnError = DoNotKillOnError,
            CloseStdinOnEof = CloseStdinOnEof,
            DoNotResolve = DoNotResolve,
        };
    }

    private static CgiMount Mount(string mountpoint, string path) => new(mountpoint, path, IsScript: !Directory.Exists(path));

    private static CgiHelper Helper(string value)
    {
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        return new CgiHelper(value[..equals], value[(equals + 1)..]);
    }
}
