using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>
/// PHP through php-fpm. uWSGI's php plugin (plugins/php/php_plugin.c, 2.0.21) names where they mean the same: uWSGI
/// embeds PHP, Gantry passes the script to php-fpm over FastCGI as nginx does, so the options that configure an
/// embedded interpreter have no counterpart. The Gantry-only rows are the nginx directives of the seed's site.
/// </summary>
internal static class PhpRows
{
    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Php;
        t.Supported("php-docroot", Text, "the PHP site's document root (nginx root): static files, indexes and .php scripts under it",
            (o, v) => o.Php.DocumentRoot = v.Text);
        t.Supported("php-fpm *", Text, "php-fpm to pass scripts to: host:port or a unix socket path; several are tried in turn (nginx fastcgi_pass)",
            (o, v) => o.Php.FpmAddresses.Add(v.Text), gantryOnly: true);
        t.Supported("php-index *", Text, "file tried in a requested directory, in order (nginx index); the first one given replaces index.php",
            (o, v) => o.Php.IndexFiles.Add(v.Text), defaultValue: "index.php");
        t.Supported("php-allowed-ext *", Text, "run only scripts whose name ends with one of these suffixes; others get 403",
            (o, v) => o.Php.AllowedExtensions.Add(v.Text), defaultValue: ".php");
        t.Supported("php-allowed-docroot *", Text, "a directory scripts may also resolve into (a symlink out of the root); others get 403",
            (o, v) => o.Php.AllowedDocumentRoots.Add(v.Text));
        t.Supported("php-allowed-script *", Text, "the only scripts (absolute paths) that may run; others get 403",
            (o, v) => o.Php.AllowedScripts.Add(v.Text));
        t.Supported("php-app", Text, "script that answers every request of the site (a file in the root, or its URI, e.g. /index.php)",
            (o, v) => o.Php.App = v.Text);
        t.Supported("php-fallback", Text, "script run when the requested file does not exist: try-files $uri $uri/ /SCRIPT?$query_string",
            (o, v) => o.Php.Fallback = v.Text);
        t.Supported("php-fallback2", Text, "as php-fallback, the script named relative to the document root (index.php)",
            (o, v) => o.Php.Fallback = v.Text);
        t.Supported("php-try-files", Text, "nginx try_files for non-PHP URIs: $uri $uri/ then =CODE, a URI (/index.php?$query_string) or @app",
            (o, v) => o.Php.TryFiles = v.Text, defaultValue: "$uri $uri/ =404", gantryOnly: true);
        t.Supported("php-split-path-info", Text, "regex with two groups splitting a PHP URI into the script and PATH_INFO (fastcgi_split_path_info)",
            (o, v) => o.Php.SplitPathInfo = v.Text, defaultValue: @"^(.+?\.php)(/.*)$", gantryOnly: true);
        t.Supported("php-location", Text, "regex choosing the URIs passed to php-fpm (nginx location ~)",
            (o, v) => o.Php.Location = v.Text, defaultValue: @"[^/]\.php(/|$)", gantryOnly: true);
        t.Supported("php-no-exec *", Text, "URI prefix (an uploads directory) under which no script ever runs: 403",
            (o, v) => o.Php.NoExecutePrefixes.Add(v.Text), gantryOnly: true);
        t.Supported("php-set *", Text, "php.ini setting name=value for every script (sent as PHP_VALUE)",
            (o, v) => o.Php.IniSettings.Add(v.Text));
        t.Supported("php-var *", Text, "FastCGI param NAME=value added to (or replacing one of) every request's params",
            (o, v) => o.Php.Variables.Add(v.Text));
        t.Supported("php-server-software", Text, "SERVER_SOFTWARE the scripts see",
            (o, v) => o.Php.ServerSoftware = v.Text);
        t.Supported("php-fpm-keepalive", Integer, "idle php-fpm connections kept open per address and loop thread (FCGI_KEEP_CONN); 0 closes each",
            (o, v) => o.Php.KeepAlive = v.Int32, defaultValue: "8", maximum: 1024, gantryOnly: true);
        t.Supported("php-fpm-max-conns", Integer, "php-fpm connections open at once per address and loop thread; more requests queue (0: no limit)",
            (o, v) => o.Php.MaxConnections = v.Int32, defaultValue: "0", maximum: 65535, gantryOnly: true);
        t.Supported("php-fpm-connect-timeout", Integer, "seconds a connect to php-fpm may take before the next address, then 502",
            (o, v) => o.Php.ConnectTimeout = v.Int32, defaultValue: "60", maximum: 86400, gantryOnly: true);
        t.Supported("php-fpm-read-timeout", Integer, "seconds php-fpm may stay silent (or not take the body) before the request ends with 504",
            (o, v) => o.Php.ReadTimeout = v.Int32, defaultValue: "60", maximum: 86400, gantryOnly: true);
        t.Supported("php-fpm-client-abort", Text,
            "when a client leaves mid-request: drain (read php-fpm's answer to its end, keep the connection), abort (FCGI_ABORT_REQUEST, then drain) or close",
            (o, v) => o.Php.ClientAbort = v.Text, defaultValue: "drain", gantryOnly: true);
        t.Rejected("php-fpm reads its own php.ini (its -c flag, the pool's php_value); give per-request settings with php-set",
            ("php-ini php-config", Text, "php.ini of the embedded interpreter"),
            ("php-ini-append php-config-append *", Text, "php.ini appended to the embedded interpreter's"));
        t.Rejected("Gantry does not embed PHP; prepend or append code with php-set = auto_prepend_file=FILE (auto_append_file)",
            ("php-exec-before php-exec-begin *", Text, "PHP code run before each script"),
            ("php-exec-after php-exec-end *", Text, "PHP code run after each script"));
        t.Rejected("not implemented: the query a front controller gets is the request's ($query_string); route on REQUEST_URI, which PHP has",
            ("php-app-qs", Text, "QUERY_STRING for php-app: this value followed by REQUEST_URI"),
            ("php-fallback-qs", Text, "QUERY_STRING for php-fallback: this value followed by REQUEST_URI"));
        t.Rejected("not implemented: give the paths that must not reach php-app their own try-files rule (php-try-files) instead",
            ("php-app-bypass *", Text, "regex of URIs that do not go to php-app"));
        t.Rejected("Gantry does not embed PHP; define constants in the application (or php-set = auto_prepend_file=FILE)",
            ("php-constant *", Text, "NAME=VALUE constant defined in the embedded interpreter"));
        t.Ignored("Gantry does not embed PHP: php-fpm's SAPI is fpm-fcgi, and its opcache works as it is",
            ("php-sapi-name", Text, "the embedded interpreter's SAPI name"),
            ("php-dump-config", Flag, "print the embedded interpreter's configuration"));
    }
}
