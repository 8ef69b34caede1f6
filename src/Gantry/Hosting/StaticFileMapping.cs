using Gantry.Configuration;
using Gantry.Server.Static;

namespace Gantry.Hosting;

/// <summary>The static-file settings as uWSGI writes them, to the server's typed options.</summary>
internal static class StaticFileMapping
{
    private const string DefaultMimeFile = "/etc/mime.types";

    /// <summary>Null when nothing is mapped, so the server's request path costs one null check.</summary>
    public static StaticFileOptions? ToServer(StaticFilesOptions options)
    {
        if (!options.IsConfigured)
        {
            return null;
        }
        // uWSGI's order (core/protocol.c): every check-static, then static-map, then static-map2.
        List<StaticMapping> mappings =
        [
            .. options.CheckStatic.Select(root => new StaticMapping("", root, AppendWholePath: true)),
            .. options.Maps.Select(map => new StaticMapping(map.Key, map.Value, AppendWholePath: false)),
            .. options.Maps2.Select(map => new StaticMapping(map.Key, map.Value, AppendWholePath: true)),
        ];
        return new StaticFileOptions
        {
            Mappings = mappings,
            IndexFiles = options.IndexFiles,
            SkipExtensions = options.SkipExtensions,
            SafePaths = options.SafePaths,
            MimeFiles = options.MimeFiles.Count > 0 ? options.MimeFiles : [DefaultMimeFile],
            Expires = [.. options.Expires.Select(ToRule)],
            HonourRange = options.HonourRange,
            OffloadHeader = options.FileServeMode switch
            {
                StaticServeMode.XAccelRedirect => "X-Accel-Redirect",
                StaticServeMode.XSendfile => "X-Sendfile",
                _ => null,
            },
            GzipAll = options.GzipAll,
            CachePathsSeconds = options.CachePathsSeconds,
            GzipPrefixes = options.GzipPrefixes,
            GzipSuffixes = options.GzipSuffixes,
            GzipPatterns = options.GzipPatterns,
        };
    }

    /// <summary>
    /// The files of a PHP site's root, served as nginx's static module would within the site: the root as the one
    /// check-static, ranges always honoured (nginx has no switch for them), and the static-file settings given for the
    /// rest of the server (mime files, expires, gzip siblings) applied too. No index: the site picks index files itself.
    /// </summary>
    public static StaticFileOptions ForPhpRoot(string root, StaticFilesOptions options) =>
        (ToServer(options with { CheckStatic = [root], Maps = [], Maps2 = [] })! with { IndexFiles = [], HonourRange = true, OffloadHeader = null });

    private static StaticExpiresRule ToRule(StaticExpiresSetting setting)
    {
        var fromModificationTime = setting.Option.EndsWith("-mtime", StringComparison.Ordinal);
        var subject = setting.Option switch
        {
            var o when o.StartsWith("static-expires-type", StringComparison.Ordinal) => StaticExpiresSubject.ContentType,
            var o when o.StartsWith("static-expires-uri", StringComparison.Ordinal) => StaticExpiresSubject.RequestUri,
            var o when o.StartsWith("static-expires-path-info", StringComparison.Ordinal) => StaticExpiresSubject.PathInfo,
            _ => StaticExpiresSubject.FileName,
        };
        return new StaticExpiresRule(subject, setting.Pattern, setting.Seconds, fromModificationTime);
    }
}
