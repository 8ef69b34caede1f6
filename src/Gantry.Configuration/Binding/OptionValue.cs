namespace Gantry.Configuration.Binding;

/// <summary>An option's value after it passed its kind's syntax check.</summary>
/// <param name="Text">The value as written, after <c>$(ENV)</c> and <c>%(name)</c> expansion.</param>
/// <param name="Number">The numeric value for numeric kinds (megabytes already multiplied), else 0.</param>
/// <param name="Flag">The boolean value for flags, else false.</param>
internal readonly record struct OptionValue(string Text, long Number, bool Flag)
{
    /// <summary>The number as an int; numeric rows cap their maximum at int.MaxValue when they bind to an int.</summary>
    public int Int32 => (int)Math.Min(Number, int.MaxValue);

    /// <summary>Splits a <c>KEY=VALUE</c> value at its first '='.</summary>
    public KeyValuePair<string, string> AsPair()
    {
        int equals = Text.IndexOf('=', StringComparison.Ordinal);
        return equals < 0
            ? new KeyValuePair<string, string>(Text, string.Empty)
            : new KeyValuePair<string, string>(Text[..equals], Text[(equals + 1)..]);
    }
}
