namespace Gantry.Configuration.Registry;

/// <summary>Levenshtein distance, for "did you mean" suggestions on misspelled option names.</summary>
internal static class EditDistance
{
    /// <summary>The number of single-character insertions, deletions and substitutions turning one string into the other, ignoring case.</summary>
    public static int Between(string left, string right)
    {
        Span<int> previous = stackalloc int[right.Length + 1];
        Span<int> current = stackalloc int[right.Length + 1];
        for (int j = 0; j <= right.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= left.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= right.Length; j++)
            {
                int substitution = char.ToLowerInvariant(left[i - 1]) == char.ToLowerInvariant(right[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + substitution);
            }

            current.CopyTo(previous);
        }

        return previous[right.Length];
    }
}
