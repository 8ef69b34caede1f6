using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>Static files, offloading and response headers (uWSGI core/static.c, core/uwsgi.c).</summary>
internal static class StaticFileRows
{
    private const string NoHeaders = "response header rewriting is not implemented; set headers in the application";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.StaticFiles;
        t.Supported("static-map *", KeyValue, "serve files under a mount point from a directory (or one file): /static=/srv/static",
            (o, v) => o.Static.Maps.Add(v.AsPair()));
        t.Supported("static-map2 *", KeyValue, "static-map, appending the full request path to the directory",
            (o, v) => o.Static.Maps2.Add(v.AsPair()));
        t.Supported("check-static static-check *", Text, "serve a request from this directory when the file exists",
            (o, v) => o.Static.CheckStatic.Add(v.Text));
        t.Supported("static-skip-ext *", Text, "never serve request paths or files ending with this suffix (e.g. .py)",
            (o, v) => o.Static.SkipExtensions.Add(v.Text));
        t.Supported("static-index *", Text, "file served for directory requests (several are tried in order)",
            (o, v) => o.Static.IndexFiles.Add(v.Text));
        t.Supported("static-safe *", Text, "allow symlinks out of a static root into this prefix",
            (o, v) => o.Static.SafePaths.Add(v.Text));
        t.Supported("mimefile mime-file *", Text, "read MIME types from this file instead of /etc/mime.types",
            (o, v) => o.Static.MimeFiles.Add(v.Text));
        t.Supported("static-expires-type *", KeyValue, "Expires for a content type: type=seconds",
            (o, v) => o.Static.Expires.Add(new("static-expires-type", v.Text)));
        t.Supported("static-expires-type-mtime *", KeyValue, "Expires for a content type, from the file mtime: type=seconds",
            (o, v) => o.Static.Expires.Add(new("static-expires-type-mtime", v.Text)));
        t.Supported("static-expires *", Text, "Expires for file names matching a regexp: regexp seconds",
            (o, v) => o.Static.Expires.Add(new("static-expires", v.Text)));
        t.Supported("static-expires-mtime *", Text, "Expires for file names matching a regexp, from the mtime: regexp seconds",
            (o, v) => o.Static.Expires.Add(new("static-expires-mtime", v.Text)));
        t.Supported("static-expires-uri *", Text, "Expires for request URIs matching a regexp: regexp seconds",
            (o, v) => o.Static.Expires.Add(new("static-expires-uri", v.Text)));
        t.Supported("static-expires-uri-mtime *", Text, "Expires for request URIs matching a regexp, from the mtime: regexp seconds",
            (o, v) => o.Static.Expires.Add(new("static-expires-uri-mtime", v.Text)));
        t.Supported("static-expires-path-info *", Text, "Expires for PATH_INFO matching a regexp: regexp seconds",
            (o, v) => o.Static.Expires.Add(new("static-expires-path-info", v.Text)));
        t.Supported("static-expires-path-info-mtime *", Text, "Expires for PATH_INFO matching a regexp, from the mtime: regexp seconds",
            (o, v) => o.Static.Expires.Add(new("static-expires-path-info-mtime", v.Text)));
        t.Supported("honour-range", Flag, "answer a single-range Range request for a static file with 206",
            (o, v) => o.Static.HonourRange = v.Flag);
        t.Rejected("DOCUMENT_ROOT comes from the web server per request, so this would serve whatever directory nginx names; use check-static with the directory",
            ("check-static-docroot", Flag, "check-static using DOCUMENT_ROOT"));
        t.Supported("static-cache-paths", Integer, "keep the resolved (realpath) path of each static file name for N seconds; the file is still stat'ed per request",
            (o, v) => o.Static.CachePathsSeconds = v.Int32, maximum: 86400);
        t.Ignored("Gantry keeps static-cache-paths' resolutions in its own bounded per-process table; it has no named uWSGI caches",
            ("static-cache-paths-name", Text, "cache used for resolved paths"));
        t.Supported("static-gzip *", Text, "serve the .gz sibling of files whose resolved path matches a regexp, to clients accepting gzip",
            (o, v) => o.Static.GzipPatterns.Add(v.Text));
        t.Supported("static-gzip-all", Flag, "serve the .gz sibling of every static file, to clients accepting gzip",
            (o, v) => o.Static.GzipAll = v.Flag);
        t.Supported("static-gzip-dir static-gzip-prefix *", Text, "serve .gz siblings of files whose resolved path starts with this",
            (o, v) => o.Static.GzipPrefixes.Add(v.Text));
        t.Supported("static-gzip-ext static-gzip-suffix *", Text, "serve .gz siblings of files whose name ends with this (e.g. .css)",
            (o, v) => o.Static.GzipSuffixes.Add(v.Text));
        t.Supported("file-serve-mode fileserve-mode", Text,
            "let the web server in front send static files: x-accel-redirect (nginx) or x-sendfile (Apache, lighttpd) answers with that header naming the file",
            (o, v) => o.Static.FileServeMode = v.Text);
        t.Ignored("Gantry always sends files with sendfile(2), which every Linux file system supports",
            ("disable-sendfile", Flag, "send static files without sendfile()"));
        t.Rejected("the uWSGI cache subsystem is not implemented",
            ("check-cache ?", Text, "answer from the cache when the request URI is cached"));
        t.Ignored("Gantry sends responses from its own loop; there is nothing to offload",
            ("offload-threads offload-thread", Integer, "threads per worker that send files and proxy responses"));
        t.Rejected(NoHeaders,
            ("add-header *", Text, "add a header to every response"),
            ("rem-header del-header *", Text, "remove a header from every response"),
            ("collect-header *", Text, "store a response header in a request variable: header var"),
            ("response-header-collect *", Text, "collect-header, run after the response headers"),
            ("pull-header *", Text, "collect-header, also removing the header"),
            ("error-page-403 *", Text, "file sent for 403 responses"),
            ("error-page-404 *", Text, "file sent for 404 responses"),
            ("error-page-500 *", Text, "file sent for 500 responses"));
    }
}
