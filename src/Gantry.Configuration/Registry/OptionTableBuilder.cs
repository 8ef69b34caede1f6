using Gantry.Configuration.Binding;

namespace Gantry.Configuration.Registry;

/// <summary>
/// Collects registry rows written in a compact form. A row's <c>spec</c> is its names separated by spaces:
/// the canonical name first, then aliases; a two-character token such as <c>-s</c> is the short flag,
/// <c>*</c> marks a repeatable option and <c>?</c> an option whose value may be left out.
/// Example: <c>"socket -s *"</c>.
/// </summary>
internal sealed class OptionTableBuilder
{
    private readonly List<OptionDefinition> _rows = [];

    /// <summary>The topic given to the rows added next.</summary>
    public OptionTopic Topic { get; set; }

    /// <summary>The rows added so far, in order.</summary>
    public IReadOnlyList<OptionDefinition> Rows => _rows;

    /// <summary>Adds a supported option.</summary>
    public OptionDefinition Supported(
        string spec,
        OptionValueKind kind,
        string help,
        OptionBinding bind,
        string? defaultValue = null,
        long minimum = 0,
        long maximum = long.MaxValue,
        string? maximumReason = null,
        string? pending = null,
        bool gantryOnly = false)
    {
        var row = Parse(spec, kind, help) with
        {
            Bind = bind,
            DefaultValue = defaultValue,
            Minimum = minimum,
            Maximum = maximum,
            MaximumReason = maximumReason,
            PendingIssue = pending,
            IsGantryOnly = gantryOnly,
        };
        _rows.Add(row);
        return row;
    }

    /// <summary>Adds options that are read and ignored, all for the same reason.</summary>
    public void Ignored(string reason, params ReadOnlySpan<(string Spec, OptionValueKind Kind, string Help)> rows) =>
        AddAll(SupportLevel.Ignored, reason, rows);

    /// <summary>Adds options that make startup fail, all for the same reason.</summary>
    public void Rejected(string reason, params ReadOnlySpan<(string Spec, OptionValueKind Kind, string Help)> rows) =>
        AddAll(SupportLevel.Rejected, reason, rows);

    /// <summary>Adds one already built row (for rows the helpers above cannot express).</summary>
    public void Add(OptionDefinition row) => _rows.Add(row);

    private void AddAll(SupportLevel support, string reason, ReadOnlySpan<(string Spec, OptionValueKind Kind, string Help)> rows)
    {
        foreach (var (spec, kind, help) in rows)
        {
            _rows.Add(Parse(spec, kind, help) with { Support = support, Reason = reason });
        }
    }

    private OptionDefinition Parse(string spec, OptionValueKind kind, string help)
    {
        string[] tokens = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        List<string> aliases = [];
        char shortFlag = '\0';
        bool repeatable = false;
        bool optional = false;
        foreach (string token in tokens.AsSpan(1))
        {
            if (token == "*")
            {
                repeatable = true;
            }
            else if (token == "?")
            {
                optional = true;
            }
            else if (token.Length == 2 && token[0] == '-')
            {
                shortFlag = token[1];
            }
            else
            {
                aliases.Add(token);
            }
        }

        return new OptionDefinition(tokens[0], Topic, kind, help)
        {
            Aliases = aliases,
            ShortFlag = shortFlag,
            Repeatable = repeatable,
            ValueOptional = optional,
        };
    }
}
