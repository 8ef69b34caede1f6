using System.Text.RegularExpressions;
using Gantry.Configuration.Sources;
using Gantry.Posix.Sockets;

namespace Gantry.Configuration.Binding;

/// <summary>Checks the php settings; every problem is reported with its fix. A site that could never work fails at start-up.</summary>
internal static class PhpValidator
{
    private const string Whole = "configuration";

    public static void Validate(GantryOptionsBuilder options, DiagnosticBag diagnostics)
    {
        var php = options.Php;
        if (!php.IsMentioned)
        {
            return;
        }
        if (php.DocumentRoot is null)
        {
            diagnostics.Error(Whole, null, "php-fpm is set but no php-docroot: give the site's root, e.g. php-docroot = /var/www/html", "php-docroot");
        }
        else if (!Directory.Exists(options.ResolvePath(php.DocumentRoot)))
        {
            diagnostics.Error(Whole, $"php-docroot = {php.DocumentRoot}",
                $"no such directory: {options.ResolvePath(php.DocumentRoot)}; create it or correct the path", "php-docroot");
        }
        if (php.FpmAddresses.Count == 0)
        {
            diagnostics.Error(Whole, null, "php-docroot is set but no php-fpm to run scripts: add php-fpm = 127.0.0.1:9000 (or /run/php/php8.2-fpm.sock)", "php-fpm");
        }
        foreach (var address in php.FpmAddresses)
        {
            if (StreamAddress.TryParse(address, out var error) is null)
            {
                diagnostics.Error(Whole, $"php-fpm = {address}", $"{error}; write php-fpm = 127.0.0.1:9000 or a unix socket path", "php-fpm");
            }
        }
        if (PhpBuilder.ParseClientAbort(php.ClientAbort) is null)
        {
            diagnostics.Error(Whole, $"php-fpm-client-abort = {php.ClientAbort}",
                "is drain (finish reading php-fpm's answer and keep the connection), abort (send FCGI_ABORT_REQUEST, then drain) or close", "php-fpm-client-abort");
        }
        CheckRegex(php.SplitPathInfo, "php-split-path-info", groups: 2, diagnostics);
        CheckRegex(php.Location, "php-location", groups: 0, diagnostics);
        CheckTryFiles(php.EffectiveTryFiles(options.ResolvePath), diagnostics);
        foreach (var (option, values) in new[] { ("php-set", php.IniSettings), ("php-var", php.Variables) })
        {
            foreach (var value in values.Where(value => value.IndexOf('=', StringComparison.Ordinal) <= 0))
            {
                diagnostics.Error(Whole, $"{option} = {value}", $"must be NAME=VALUE, e.g. {option} = {(option == "php-set" ? "memory_limit=256M" : "APP_ENV=production")}", option);
            }
        }
        foreach (var prefix in php.NoExecutePrefixes.Where(prefix => !prefix.StartsWith('/')))
        {
            diagnostics.Error(Whole, $"php-no-exec = {prefix}", $"is compared with request paths, which start with '/'; write php-no-exec = /{prefix}", "php-no-exec");
        }
        foreach (var index in php.IndexFiles.Where(index => index.Contains('/', StringComparison.Ordinal) || index.Length == 0))
        {
            diagnostics.Error(Whole, $"php-index = {index}", "must be a file name in the directory (index.php), not a path", "php-index");
        }
    }

    private static void CheckRegex(string? pattern, string option, int groups, DiagnosticBag diagnostics)
    {
        if (pattern is null)
        {
            return;
        }
        if (!StaticFilesValidator.IsRegex(pattern, out var error))
        {
            diagnostics.Error(Whole, $"{option} = {pattern}", $"the regular expression does not compile: {error}", option);
        }
        else if (groups > 0 && new Regex(pattern, RegexOptions.CultureInvariant).GetGroupNumbers().Length - 1 < groups)
        {
            diagnostics.Error(Whole, $"{option} = {pattern}", @"needs two groups, the script and PATH_INFO, e.g. ^(.+?\.php)(/.*)$", option);
        }
    }

    private static void CheckTryFiles(string tryFiles, DiagnosticBag diagnostics)
    {
        var items = tryFiles.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var setting = $"php-try-files = {tryFiles}";
        const string Example = "write php-try-files = $uri $uri/ =404 (or $uri $uri/ /index.php?$query_string)";
        if (items.Length < 2)
        {
            diagnostics.Error(Whole, setting, "needs at least one file to try and a last resort; " + Example, "php-try-files");
            return;
        }
        foreach (var item in items[..^1])
        {
            if (item is not "$uri" and not "$uri/")
            {
                diagnostics.Error(Whole, setting, $"'{item}': only $uri and $uri/ may come before the last item; " + Example, "php-try-files");
            }
        }
        var last = items[^1];
        var isCode = last.StartsWith('=') && int.TryParse(last.AsSpan(1), out var code) && code is >= 200 and <= 599;
        if (!isCode && last != "@app" && !last.StartsWith('/'))
        {
            diagnostics.Error(Whole, setting, $"the last item '{last}' must be =CODE, a URI starting with '/' or @app; " + Example, "php-try-files");
        }
    }
}
