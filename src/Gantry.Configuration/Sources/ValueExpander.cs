using System.Text;

namespace Gantry.Configuration.Sources;

/// <summary>
/// Expands <c>$(NAME)</c> from the environment (with uWSGI's <c>$(NAME:-default)</c>, used when NAME is unset or
/// empty, and <c>$(NAME-default)</c>, used when it is unset) and then <c>%(name)</c> references to options and
/// placeholders (uwsgi-docs Configuration.rst; core/utils.c <c>uwsgi_apply_config_pass</c>). A name that resolves
/// to nothing is left as written, as uWSGI does. Replaced text is not scanned again, so a value cannot loop.
/// </summary>
internal static class ValueExpander
{
    /// <summary>Expands both kinds of reference in <paramref name="value"/>.</summary>
    /// <param name="value">The raw value.</param>
    /// <param name="environment">Looks up an environment variable.</param>
    /// <param name="reference">Looks up an option or placeholder by name.</param>
    /// <param name="unresolved">Told each reference left as written, with its sigil: <c>$(X)</c> or <c>%(x)</c>.</param>
    public static string Expand(
        string value, Func<string, string?> environment, Func<string, string?> reference, Action<string> unresolved)
    {
        string afterEnvironment = Replace(value, '$', name => LookupEnvironment(name, environment), unresolved);
        return Replace(afterEnvironment, '%', reference, unresolved);
    }

    private static string? LookupEnvironment(string expression, Func<string, string?> environment)
    {
        int fallback = expression.IndexOf(":-", StringComparison.Ordinal);
        if (fallback > 0)
        {
            string? value = environment(expression[..fallback]);
            return string.IsNullOrEmpty(value) ? expression[(fallback + 2)..] : value;
        }

        int dash = expression.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0)
        {
            return environment(expression[..dash]) ?? expression[(dash + 1)..];
        }

        return environment(expression);
    }

    private static string Replace(string value, char sigil, Func<string, string?> lookup, Action<string> unresolved)
    {
        int start = value.IndexOf(sigil + "(", StringComparison.Ordinal);
        if (start < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        int copied = 0;
        while (start >= 0)
        {
            int end = FindClosing(value, start + 2);
            if (end < 0)
            {
                break;
            }

            string name = value[(start + 2)..end];
            string? replacement = lookup(name);
            builder.Append(value, copied, start - copied);
            if (replacement is null)
            {
                unresolved(value[start..(end + 1)]);
                builder.Append(value, start, end + 1 - start);
            }
            else
            {
                builder.Append(replacement);
            }

            copied = end + 1;
            start = value.IndexOf(sigil + "(", copied, StringComparison.Ordinal);
        }

        builder.Append(value, copied, value.Length - copied);
        return builder.ToString();
    }

    // The ')' closing the '(' just before 'from', skipping nested pairs as uWSGI does for %((a + 1) * 2).
    private static int FindClosing(string value, int from)
    {
        int depth = 0;
        for (int i = from; i < value.Length; i++)
        {
            if (value[i] == '(')
            {
                depth++;
            }
            else if (value[i] == ')')
            {
                if (depth == 0)
                {
                    return i;
                }

                depth--;
            }
        }

        return -1;
    }
}
