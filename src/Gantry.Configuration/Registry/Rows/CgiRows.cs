using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>
/// uWSGI's cgi plugin (plugins/cgi/cgi_plugin.c in 2.0.21, as Debian's uwsgi-core ships it; <c>cgi-dontresolve</c> comes
/// from uWSGI's master branch) and core's <c>cgi-mode</c> flag.
/// </summary>
internal static class CgiRows
{
    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Cgi;
        t.Supported("cgi *", Text, "run CGI scripts from a directory, or one script: DIR for the whole site, /mountpoint=DIR under a path",
            (o, v) => o.Cgi.Mounts.Add(v.Text));
        t.Supported("cgi-helper cgi-map-helper *", Text, "run scripts whose name ends with SUFFIX through a program: .php=php-cgi",
            (o, v) => o.Cgi.Helpers.Add(v.Text));
        t.Supported("cgi-index *", Text, "script run for a directory request (several are tried in order)",
            (o, v) => o.Cgi.IndexFiles.Add(v.Text));
        t.Supported("cgi-allowed-ext *", Text, "run only scripts whose name ends with one of these suffixes (.cgi); others get 403",
            (o, v) => o.Cgi.AllowedExtensions.Add(v.Text));
        t.Supported("cgi-safe *", Text, "path prefix a script may resolve into although it is outside its cgi directory",
            (o, v) => o.Cgi.SafePaths.Add(v.Text));
        t.Supported("cgi-unset *", Text, "environment variable removed before a script runs",
            (o, v) => o.Cgi.UnsetVariables.Add(v.Text));
        t.Supported("cgi-timeout", Integer, "seconds one read from or write to a script may wait before it is killed (0: 60)",
            (o, v) => o.Cgi.Timeout = v.Int32, defaultValue: "60", maximum: int.MaxValue);
        t.Supported("cgi-buffer-size", Bytes, "bytes read from a script at a time; its response head must fit (0: 65536)",
            (o, v) => o.Cgi.BufferSize = v.Int32, defaultValue: "65536", maximum: int.MaxValue);
        t.Supported("cgi-from-docroot", Flag, "take scripts from the DOCUMENT_ROOT nginx sends instead of the cgi directories",
            (o, v) => o.Cgi.FromDocumentRoot = v.Flag, defaultValue: "false");
        t.Supported("cgi-optimize cgi-optimized", Flag, "resolve the cgi directories' real paths once at startup, not per request",
            (o, v) => o.Cgi.Optimize = v.Flag, defaultValue: "false");
        t.Supported("cgi-do-not-kill-on-error", Flag, "leave a script running after a timeout, a bad response or a lost client",
            (o, v) => o.Cgi.DoNotKillOnError = v.Flag, defaultValue: "false");
        t.Supported("cgi-close-stdin-on-eof", Flag, "close the script's stdin once the whole request body is written",
            (o, v) => o.Cgi.CloseStdinOnEof = v.Flag, defaultValue: "false");
        t.Supported("cgi-dontresolve", Flag, "run a script through the symlink that was requested, not its real path (uWSGI 2.1)",
            (o, v) => o.Cgi.DoNotResolve = v.Flag, defaultValue: "false");
        t.Ignored("uWSGI 2.0.21 reads it but never acts on it: PATH_INFO is always what follows the script",
            ("cgi-path-info", Flag, "meant to turn PATH_INFO handling off"));
        t.Ignored("uWSGI 2.0.21 reads it but no plugin acts on it",
            ("cgi-mode -c", Flag, "force CGI mode for plugins that have one"));
        t.Ignored("it only matters in uWSGI's async mode; Gantry reaps each script from its event loop without waiting",
            ("cgi-async-max-attempts ?", Integer, "waitpid() attempts after a script in async mode (default 10)"));
        t.Rejected("Gantry loads no native code into its workers; run the code as a program with cgi-helper",
            ("cgi-loadlib *", Text, "lib.so:function called at startup, for sym:// helpers"));
    }
}
