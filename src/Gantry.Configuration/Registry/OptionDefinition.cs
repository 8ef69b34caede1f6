using Gantry.Configuration.Binding;

namespace Gantry.Configuration.Registry;

/// <summary>
/// One row of the option registry: a uWSGI option (or a Gantry-only one) with its names, value syntax,
/// default, help and what Gantry does with it. The CLI reader, the ini reader, <c>--help</c> and
/// docs/configuration.md all read these rows and nothing else.
/// </summary>
/// <param name="Name">The canonical long name, as uWSGI spells it.</param>
/// <param name="Topic">The group it is listed under.</param>
/// <param name="Kind">The syntax of its value.</param>
/// <param name="Help">One line of help, our own words.</param>
internal sealed record OptionDefinition(string Name, OptionTopic Topic, OptionValueKind Kind, string Help)
{
    /// <summary>Other long names for the same option (uWSGI's aliases).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The one-letter flag (<c>-s</c>), or '\0' when there is none.</summary>
    public char ShortFlag { get; init; }

    /// <summary>True when the option may be repeated and its values accumulate (sockets, env, pythonpath).</summary>
    public bool Repeatable { get; init; }

    /// <summary>True when the option may be given without a value (uWSGI's optional_argument).</summary>
    public bool ValueOptional { get; init; }

    /// <summary>The default shown in help and docs, or null when there is none worth showing.</summary>
    public string? DefaultValue { get; init; }

    /// <summary>Smallest accepted number, for numeric kinds.</summary>
    public long Minimum { get; init; }

    /// <summary>Largest accepted number, for numeric kinds.</summary>
    public long Maximum { get; init; } = long.MaxValue;

    /// <summary>Why <see cref="Maximum"/> is what it is; shown in the error.</summary>
    public string? MaximumReason { get; init; }

    /// <summary>Supported, ignored or rejected.</summary>
    public SupportLevel Support { get; init; }

    /// <summary>Why the option is ignored or rejected (shown at startup and in the docs).</summary>
    public string? Reason { get; init; }

    /// <summary>For a supported option Gantry parses but does not act on yet: what is missing.</summary>
    public string? PendingIssue { get; init; }

    /// <summary>True for options uWSGI does not have (such as <c>python-library</c>).</summary>
    public bool IsGantryOnly { get; init; }

    /// <summary>Stores a parsed value into the options being built; set on every supported row.</summary>
    public OptionBinding? Bind { get; init; }

    /// <summary>All long names: <see cref="Name"/> then <see cref="Aliases"/>.</summary>
    public IEnumerable<string> LongNames => Aliases.Prepend(Name);

    /// <summary>True when the option never takes a value on the command line unless one is attached.</summary>
    public bool IsFlag => Kind == OptionValueKind.Flag;
}
