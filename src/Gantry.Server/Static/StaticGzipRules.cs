using System.Text.RegularExpressions;

namespace Gantry.Server.Static;

/// <summary>
/// Which files may have a precompressed <c>.gz</c> sibling, as uWSGI's uwsgi_static_want_gzip (core/static.c) decides
/// it on the resolved file name: every file (<c>static-gzip-all</c>), a name starting with a
/// <c>static-gzip-dir</c>/<c>-prefix</c>, ending with a <c>static-gzip-ext</c>/<c>-suffix</c>, or matched by a
/// <c>static-gzip</c> regular expression. Compiled once.
/// </summary>
internal sealed class StaticGzipRules
{
    private readonly bool _all;
    private readonly string[] _prefixes;
    private readonly string[] _suffixes;
    private readonly Regex[] _patterns;

    public StaticGzipRules(StaticFileOptions options)
    {
        _all = options.GzipAll;
        _prefixes = [.. options.GzipPrefixes];
        _suffixes = [.. options.GzipSuffixes];
        _patterns = [.. options.GzipPatterns.Select(p => new Regex(p, RegexOptions.CultureInvariant))];
    }

    /// <summary>True when no rule is configured: no sibling is ever looked for.</summary>
    public bool IsEmpty => !_all && _prefixes.Length + _suffixes.Length + _patterns.Length == 0;

    /// <summary>True when a sibling of the canonical <paramref name="path"/> is to be looked for.</summary>
    public bool Applies(string path)
    {
        if (_all)
        {
            return true;
        }
        foreach (var prefix in _prefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        foreach (var suffix in _suffixes)
        {
            if (path.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(path))
            {
                return true;
            }
        }
        return false;
    }
}
