using System.Globalization;

namespace Gantry.Configuration.Sources;

/// <summary>
/// The pipeline uWSGI evaluates inside <c>%( ... )</c> when the reference holds spaces (core/config.c
/// <c>uwsgi_manage_placeholder</c>): tokens are read left to right; a number stands for itself, any other word for
/// the option or placeholder of that name (empty when unknown); juxtaposed values concatenate; <c>+ - * /</c> apply
/// to the next value as 64-bit integers (division by zero gives 0); <c>++</c> and <c>--</c> step the current value.
/// So <c>%(%k * 2)</c> is twice the CPU count and <c>%(processes threads)</c> concatenates two options.
/// </summary>
internal static class ReferenceArithmetic
{
    /// <summary>Evaluates <paramref name="expression"/>; null when it is a single name that resolves to nothing.</summary>
    public static string? Evaluate(string expression, Func<string, string?> lookup)
    {
        if (!expression.Contains(' ', StringComparison.Ordinal))
        {
            return lookup(expression);
        }

        string? current = null;
        char operation = ' ';
        foreach (string token in expression.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (token)
            {
                case "+" or "-" or "*" or "/":
                    operation = token[0];
                    continue;
                case "++" or "--":
                    current = current is null ? null : Format(Leading(current) + (token == "++" ? 1 : -1));
                    operation = ' ';
                    continue;
            }

            string value = token.All(char.IsAsciiDigit) ? token : lookup(token) ?? string.Empty;
            current = operation switch
            {
                '+' => Format(Leading(current) + Leading(value)),
                '-' => Format(Leading(current) - Leading(value)),
                '*' => Format(Leading(current) * Leading(value)),
                '/' => Format(Leading(value) == 0 ? 0 : Leading(current) / Leading(value)),
                _ => current + value,
            };
            operation = ' ';
        }

        return current ?? string.Empty;
    }

    // strtoll(text, NULL, 10): optional sign and leading digits, 0 when there are none.
    private static long Leading(string? text)
    {
        ReadOnlySpan<char> span = (text ?? string.Empty).AsSpan().TrimStart();
        int length = span.Length > 0 && span[0] is '-' or '+' ? 1 : 0;
        while (length < span.Length && char.IsAsciiDigit(span[length]))
        {
            length++;
        }

        return long.TryParse(span[..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number) ? number : 0;
    }

    private static string Format(long number) => number.ToString(CultureInfo.InvariantCulture);
}
