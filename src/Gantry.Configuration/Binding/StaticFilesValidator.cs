using System.Text.RegularExpressions;
using Gantry.Configuration.Sources;

namespace Gantry.Configuration.Binding;

/// <summary>Checks the static-file settings; every problem is reported with its fix.</summary>
internal static class StaticFilesValidator
{
    private const string Whole = "configuration";

    public static void Validate(StaticFilesBuilder options, DiagnosticBag diagnostics)
    {
        foreach (var (option, text) in options.Expires)
        {
            var setting = StaticExpiresSetting.Parse(option, text);
            var typed = option.StartsWith("static-expires-type", StringComparison.Ordinal);
            if (setting is null)
            {
                diagnostics.Error(Whole, $"{option} = {text}",
                    typed ? "must be TYPE=SECONDS, e.g. text/css=86400" : "must be REGEXP SECONDS, e.g. \\.css$ 86400", option);
                continue;
            }
            if (!typed && !IsRegex(setting.Pattern, out var error))
            {
                diagnostics.Error(Whole, $"{option} = {text}", $"the regular expression does not compile: {error}", option);
            }
        }
        foreach (var pattern in options.GzipPatterns)
        {
            if (!IsRegex(pattern, out var error))
            {
                diagnostics.Error(Whole, $"static-gzip = {pattern}", $"the regular expression does not compile: {error}", "static-gzip");
            }
        }
        if (options.FileServeMode is { } mode
            && mode.Trim().ToLowerInvariant() is not ("x-sendfile" or "xsendfile" or "x-accel-redirect" or "xaccelredirect" or "nginx"))
        {
            diagnostics.Error(Whole, $"file-serve-mode = {mode}", "is x-sendfile (Apache, lighttpd) or x-accel-redirect (nginx; also 'nginx')", "file-serve-mode");
        }
        foreach (var (mountpoint, root) in options.Maps.Concat(options.Maps2))
        {
            if (root.Length == 0)
            {
                diagnostics.Error(Whole, $"static-map = {mountpoint}=", "names no directory; write static-map = /static=/srv/app/static", "static-map");
            }
        }
    }

    internal static bool IsRegex(string pattern, out string? error)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant);
            error = null;
            return true;
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return false;
        }
    }
}
