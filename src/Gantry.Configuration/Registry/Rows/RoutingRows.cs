using static Gantry.Configuration.Registry.OptionValueKind;

namespace Gantry.Configuration.Registry.Rows;

/// <summary>
/// uWSGI's internal routing language (core/routing.c): four rule tables, each matchable on a request subject.
/// Ignoring a rule would skip redirects, denials and rewrites the user wrote, so every rule is rejected.
/// </summary>
internal static class RoutingRows
{
    private const string NoRouting =
        "internal routing is not implemented; move these rules to nginx or into the application";

    private static readonly (string Suffix, string Subject)[] Subjects =
    [
        ("", "PATH_INFO matches a regexp"),
        ("-status", "the response status matches"),
        ("-host", "the Host header matches a regexp"),
        ("-uri", "REQUEST_URI matches a regexp"),
        ("-qs", "QUERY_STRING matches a regexp"),
        ("-remote-addr", "REMOTE_ADDR matches a regexp"),
        ("-user-agent", "the User-Agent header matches a regexp"),
        ("-remote-user", "REMOTE_USER matches a regexp"),
        ("-referer", "the Referer header matches a regexp"),
        ("-label", string.Empty),
        ("-if", "a condition holds"),
        ("-if-not", "a condition does not hold"),
        ("-run", string.Empty),
    ];

    private static readonly (string Prefix, string Table)[] Tables =
    [
        ("route", "request"),
        ("final-route", "final"),
        ("error-route", "error"),
        ("response-route", "response"),
    ];

    public static void AddTo(OptionTableBuilder t)
    {
        t.Topic = OptionTopic.Routing;
        List<(string, OptionValueKind, string)> rows = [];
        foreach (var (prefix, table) in Tables)
        {
            foreach (var (suffix, subject) in Subjects)
            {
                // uWSGI matches the plain request table on PATH_INFO and has no status subject for it.
                if (prefix == "route" && suffix == "-status")
                {
                    continue;
                }

                string help = suffix switch
                {
                    "-label" => $"name a place in the {table} rules for goto",
                    "-run" => $"always run an action of the {table} rules",
                    _ => $"add a {table} rule applied when {subject}",
                };
                rows.Add(($"{prefix}{suffix} *", Text, help));
            }
        }

        t.Rejected(NoRouting, [.. rows]);
    }
}
