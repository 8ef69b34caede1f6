namespace Gantry.Configuration.Registry;

/// <summary>How each value kind is named in messages, <c>--help</c> and the docs.</summary>
internal static class OptionKindText
{
    /// <summary>A short name of the value syntax.</summary>
    public static string Describe(OptionValueKind kind) => kind switch
    {
        OptionValueKind.Text => "text",
        OptionValueKind.Flag => "flag",
        OptionValueKind.Integer => "number",
        OptionValueKind.Bytes => "bytes",
        OptionValueKind.Megabytes => "megabytes",
        OptionValueKind.KeyValue => "KEY=VALUE",
        OptionValueKind.OctalMode => "octal mode",
        OptionValueKind.Address => "address",
        OptionValueKind.ConfigFile => "ini file",
        _ => kind.ToString(),
    };

    /// <summary>The kind, marked "repeatable" or "value optional" when the row says so.</summary>
    public static string Describe(OptionDefinition row)
    {
        string text = Describe(row.Kind);
        if (row.Repeatable)
        {
            text += ", repeatable";
        }

        if (row.ValueOptional && row.Kind != OptionValueKind.Flag)
        {
            text += ", value optional";
        }

        return text;
    }
}
