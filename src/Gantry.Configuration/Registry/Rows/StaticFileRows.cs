using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>Static files, offloading and response headers (uWSGI core/static.c, core/uwsgi.c).</summary>
internal static class StaticFileRows
{
    private const string NoStatic =
        "static files are not served yet; serve them with nginx or whitenoise, or the requests reach the app";
    private const string NoHeaders = "response header rewriting is not implemented; set headers in the application";

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.StaticFiles;
        t.Rejected(NoStatic,
            ("static-map *", KeyValue, "serve files under a mount point from a directory: /static=/srv/static"),
            ("static-map2 *", KeyValue, "static-map, appending the full request path to the directory"),
            ("check-static static-check *", Text, "serve a request from this directory when the file exists"),
            ("check-static-docroot", Flag, "check-static using DOCUMENT_ROOT"),
            ("static-skip-ext *", Text, "never serve files with this extension"),
            ("static-index *", Text, "file served for directory requests"),
            ("static-safe *", Text, "allow symlinks into this directory"),
            ("static-cache-paths", Integer, "cache resolved paths for N seconds"),
            ("static-cache-paths-name", Text, "cache used for resolved paths"),
            ("mimefile mime-file *", Text, "read MIME types from this file"),
            ("static-expires-type *", KeyValue, "Expires for a content type: type=seconds"),
            ("static-expires-type-mtime *", KeyValue, "Expires for a content type, from the file mtime"),
            ("static-expires *", KeyValue, "Expires for file names matching a regexp"),
            ("static-expires-mtime *", KeyValue, "Expires for file names matching a regexp, from the mtime"),
            ("static-expires-uri *", KeyValue, "Expires for request URIs matching a regexp"),
            ("static-expires-uri-mtime *", KeyValue, "Expires for request URIs matching a regexp, from the mtime"),
            ("static-expires-path-info *", KeyValue, "Expires for PATH_INFO matching a regexp"),
            ("static-expires-path-info-mtime *", KeyValue, "Expires for PATH_INFO matching a regexp, from the mtime"),
            ("static-gzip *", Text, "serve the .gz sibling of files matching a regexp"),
            ("static-gzip-all", Flag, "serve the .gz sibling of every static file"),
            ("static-gzip-dir static-gzip-prefix *", Text, "serve .gz siblings of files under this directory"),
            ("static-gzip-ext static-gzip-suffix *", Text, "serve .gz siblings of files with this extension"),
            ("honour-range", Flag, "answer Range requests for static files"),
            ("file-serve-mode fileserve-mode", Text, "how static files are sent: x-sendfile, x-accel-redirect"),
            ("disable-sendfile", Flag, "send static files without sendfile()"),
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
