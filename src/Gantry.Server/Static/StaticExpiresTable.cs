using System.Text.RegularExpressions;

namespace Gantry.Server.Static;

/// <summary>
/// The <c>static-expires*</c> rules, compiled once. uWSGI (core/static.c, uwsgi_add_expires*) looks at each subject
/// in turn — file name, PATH_INFO, REQUEST_URI, then Content-Type — and for each adds at most one Expires header:
/// the first matching "now +" rule, else the first matching "mtime +" rule. Several subjects may each add one,
/// so a response can carry more than one Expires header, as uWSGI sends it.
/// </summary>
internal sealed class StaticExpiresTable
{
    private readonly (StaticExpiresRule Rule, Regex? Regex)[] _rules;

    public StaticExpiresTable(IReadOnlyList<StaticExpiresRule> rules)
    {
        // Now-based rules first, then mtime-based, keeping configuration order within each.
        _rules = [.. rules.Where(r => !r.FromModificationTime).Concat(rules.Where(r => r.FromModificationTime))
            .Select(r => (r, r.Subject == StaticExpiresSubject.ContentType ? null : new Regex(r.Pattern, RegexOptions.CultureInvariant)))];
    }

    /// <summary>True when no rule is configured.</summary>
    public bool IsEmpty => _rules.Length == 0;

    /// <summary>The Expires time for <paramref name="subject"/> matched by <paramref name="text"/>, or null.</summary>
    public DateTimeOffset? Find(StaticExpiresSubject subject, string text, DateTimeOffset now, DateTimeOffset modified)
    {
        foreach (var (rule, regex) in _rules)
        {
            if (rule.Subject != subject)
            {
                continue;
            }
            var matches = regex is null ? string.Equals(rule.Pattern, text, StringComparison.Ordinal) : regex.IsMatch(text);
            if (matches)
            {
                return (rule.FromModificationTime ? modified : now).AddSeconds(rule.Seconds);
            }
        }
        return null;
    }
}
