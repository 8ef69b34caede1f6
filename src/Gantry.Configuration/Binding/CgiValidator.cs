using Gantry.Configuration.Sources;

namespace Gantry.Configuration.Binding;

/// <summary>
/// Checks the cgi settings; every problem is reported with its fix. uWSGI 2.0.21 itself checks only a helper's '=' at
/// start-up (and, with cgi-optimize, that each path exists); everything else it meets per request, as a 404 or a failed
/// exec, so these errors turn a CGI site that could never work into a start-up failure (docs/compatibility.md).
/// Settings uWSGI accepts and silently never uses are warnings.
/// </summary>
internal static partial class CgiValidator
{
    private const string Whole = "configuration";

    public static void Validate(GantryOptionsBuilder options, DiagnosticBag diagnostics)
    {
        var cgi = options.Cgi;
        CheckMounts(options, diagnostics);
        CheckHelpers(cgi, diagnostics);
        foreach (string name in cgi.UnsetVariables.Where(name => name.Contains('=', StringComparison.Ordinal)))
        {
            diagnostics.Error(Whole, $"cgi-unset = {name}",
                "an environment variable name cannot hold '='; give the name alone, e.g. cgi-unset = HTTP_PROXY", "cgi-unset");
        }
        foreach (string prefix in cgi.SafePaths.Where(prefix => !prefix.StartsWith('/')))
        {
            diagnostics.Warning(Whole, $"cgi-safe = {prefix}",
                "never matches: it is compared with a script's absolute real path; give an absolute prefix, e.g. cgi-safe = /usr/lib/cgi-bin",
                "cgi-safe");
        }
        if (cgi.FromDocumentRoot && cgi.Mounts.Count > 0)
        {
            diagnostics.Warning(Whole, "cgi-from-docroot = true",
                "scripts come from each request's DOCUMENT_ROOT, so the cgi mounts are never used (as in uWSGI); remove cgi or cgi-from-docroot",
                "cgi-from-docroot");
        }
        else if (!cgi.IsConfigured && cgi.HasSettings)
        {
            diagnostics.Warning(Whole, null,
                "cgi-* options are set but no cgi directory is: they have no effect; add cgi = /srv/cgi-bin (or cgi-from-docroot), or remove them");
        }
    }

    private static void CheckMounts(GantryOptionsBuilder options, DiagnosticBag diagnostics)
    {
        var cgi = options.Cgi;
        var used = cgi.UsedMounts();
        for (int i = 0; i < cgi.Mounts.Count; i++)
        {
            string value = cgi.Mounts[i];
            string setting = $"cgi = {value}";
            var (mountpoint, path) = CgiBuilder.Split(value);
            if (path.Length == 0)
            {
                diagnostics.Error(Whole, setting, $"names no directory; write cgi = {mountpoint}=/srv/cgi-bin", "cgi");
                continue;
            }
            if (mountpoint is not null && !mountpoint.StartsWith('/'))
            {
                diagnostics.Error(Whole, setting, mountpoint.Length == 0
                    ? $"the mountpoint is empty and never matches; write cgi = {path} to run scripts for the whole site"
                    : $"the mountpoint never matches: request paths start with '/'; write cgi = /{mountpoint}={path}", "cgi");
            }
            string resolved = options.ResolvePath(path);
            if (!Exists(resolved))
            {
                string from = path.StartsWith('/') ? string.Empty
                    : $" (a relative path starts from {(options.Chdir is null ? "the start directory" : "chdir")}, {options.WorkingDirectory})";
                diagnostics.Error(Whole, setting, $"no such directory or script: {resolved}{from}; create it or correct the path", "cgi");
            }
            else if (!used[i])
            {
                diagnostics.Warning(Whole, setting, mountpoint is null
                    ? "only the last cgi directory without a mountpoint is used (as in uWSGI), so this one never is; "
                        + $"give it a mountpoint (cgi = /cgi-bin={path}) or remove it"
                    : "an earlier cgi line has the same mountpoint and uWSGI uses the first, so this one is never used; remove one of them",
                    "cgi");
            }
        }
    }

    /// <summary>True when the path names something once symlinks are followed (stat(2) succeeds), as execvp and realpath need.</summary>
    private static bool Exists(string path)
    {
        if (Directory.Exists(path))
        {
            return true;
        }
        try
        {
            // File.Exists is true for a dangling symlink (a removed release behind a `current` link); its target is not.
            return File.Exists(path) && (File.ResolveLinkTarget(path, returnFinalTarget: true)?.Exists ?? true);
        }
        catch (IOException)
        {
            // A symlink loop: stat(2) fails with ELOOP.
            return false;
        }
    }
}
