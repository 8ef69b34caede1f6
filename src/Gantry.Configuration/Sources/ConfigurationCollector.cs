using Gantry.Configuration.Registry;

namespace Gantry.Configuration.Sources;

/// <summary>
/// Gathers settings in uWSGI's order of appearance (core/uwsgi.c, core/config.c): <c>UWSGI_*</c> environment
/// variables first, then the command line with <c>--ini</c> files expanded in place, then bare config file
/// arguments. Includes are expanded where they appear; <c>$(ENV)</c> and <c>%(name)</c> are expanded as each
/// setting is read, so a reference sees what appeared before it. Unknown ini keys become placeholders.
/// </summary>
internal sealed partial class ConfigurationCollector
{
    private const int MaximumIncludeDepth = 32;

    private static readonly string[] ReservedEnvironment =
    [
        "UWSGI_RELOADS", "UWSGI_VASSALS_DIR", "UWSGI_EMPEROR_FD", "UWSGI_BROODLORD_NUM", "UWSGI_EMPEROR_FD_CONFIG",
        "UWSGI_EMPEROR_PROXY", "UWSGI_JAIL_PID", "UWSGI_ORIGINAL_PROC_NAME",
    ];

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _currentDirectory;
    private readonly DiagnosticBag _diagnostics;
    private readonly MagicVariables _magic;
    private readonly List<OptionAssignment> _assignments = [];
    private readonly List<Placeholder> _placeholders = [];
    private readonly List<(string Key, OptionDefinition? Option, string Value, Placeholder? Placeholder)> _defined = [];

    public ConfigurationCollector(
        IReadOnlyDictionary<string, string> environment, string currentDirectory, MagicVariables magic, DiagnosticBag diagnostics)
    {
        _environment = environment;
        _currentDirectory = currentDirectory;
        _magic = magic;
        _diagnostics = diagnostics;
    }

    /// <summary>Settings of known options, in order of appearance.</summary>
    public IReadOnlyList<OptionAssignment> Assignments => _assignments;

    /// <summary>Every placeholder defined, in order.</summary>
    public IReadOnlyList<Placeholder> Placeholders => _placeholders;

    /// <summary>True once <c>--help</c> was read.</summary>
    public bool HelpRequested { get; private set; }

    /// <summary>True once <c>--version</c> was read.</summary>
    public bool VersionRequested { get; private set; }

    /// <summary>Reads <c>UWSGI_OPTION_NAME=value</c> variables (sorted by name, so the order is stable).</summary>
    public void ReadEnvironment()
    {
        foreach (var (name, value) in _environment.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith("UWSGI_", StringComparison.Ordinal) || name.Length == 6 || ReservedEnvironment.Contains(name))
            {
                continue;
            }

            string key = name[6..].ToLowerInvariant().Replace('_', '-');
            Accept(key, OptionRegistry.Find(key), value, OptionOrigin.Environment, $"{name}={value}");
        }
    }

    /// <summary>Reads the command line's options in order, then its bare config files (<c>*.ini</c>, or any file with the section).</summary>
    public void ReadCommandLine(CommandLine commandLine)
    {
        foreach (var token in commandLine.Tokens)
        {
            Accept(token.Option.Name, token.Option, token.Value, OptionOrigin.CommandLine, token.Setting);
        }

        foreach (string file in commandLine.ConfigFiles)
        {
            if (CommandLineReader.IsIniArgument(file) || IsIniWithoutExtension(file))
            {
                ReadIni(file, OptionOrigin.CommandLine, file, requireIniExtension: false);
            }
        }
    }

    private void Accept(string key, OptionDefinition? option, string rawValue, OptionOrigin origin, string setting)
    {
        // Only a file can carry a NUL byte (argv and the environment are C strings); no value may hold one, and
        // .NET's path functions throw on it (found by fuzzing: fuzz/crashes/config-ini/).
        if (key.Contains('\0', StringComparison.Ordinal) || rawValue.Contains('\0', StringComparison.Ordinal))
        {
            _diagnostics.Error(origin.Location, setting.Replace("\0", "\\0", StringComparison.Ordinal),
                "the line holds a NUL byte, which no option name or value can; remove it");
            return;
        }

        if (!TryAcceptInBlock(key, option, rawValue, origin, setting))
        {
            AcceptLine(key, option, rawValue, origin, setting);
        }
    }

    private string Expand(string rawValue, OptionOrigin origin, string setting) =>
        ValueExpander.Expand(rawValue, LookupEnvironment, expression => ReferenceArithmetic.Evaluate(expression, LookupReference),
            unresolved => _diagnostics.Warning(origin.Location, setting,
                $"{unresolved} is not defined {(unresolved[0] == '$' ? "in the environment" : "before this line")}; it is kept as written"));

    private void AcceptLine(string key, OptionDefinition? option, string rawValue, OptionOrigin origin, string setting)
    {
        string value = Expand(rawValue, origin, setting);
        if (option is null)
        {
            AddPlaceholder(key, value, origin, declared: origin.Kind == OriginKind.Environment);
            return;
        }

        switch (option.Name)
        {
            case "ini":
                ReadIni(value, origin, setting, requireIniExtension: false);
                return;
            case "include" or "inherit":
                ReadIni(value, origin, setting, requireIniExtension: true);
                return;
            case "set" or "set-placeholder":
                AcceptSet(option, value, origin, setting);
                return;
            case "help":
                HelpRequested = true;
                return;
            case "version":
                VersionRequested = true;
                return;
        }

        _assignments.Add(new OptionAssignment(option, value, origin, setting));
        _defined.Add((key, option, value, null));
    }

    private void AcceptSet(OptionDefinition option, string value, OptionOrigin origin, string setting)
    {
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            _diagnostics.Error(origin.Location, setting, "must be name=value", option.Name);
            return;
        }

        string name = value[..equals];
        OptionDefinition? target = OptionRegistry.Find(name);
        if (target is null)
        {
            AddPlaceholder(name, value[(equals + 1)..], origin, declared: true);
        }
        else if (option.Name == "set")
        {
            Accept(name, target, value[(equals + 1)..], origin, setting);
        }
        else
        {
            _diagnostics.Error(origin.Location, setting,
                $"'{name}' is an option, so it cannot be a placeholder; pick another name or use set = {value}", option.Name);
        }
    }

    private void AddPlaceholder(string name, string value, OptionOrigin origin, bool declared)
    {
        var placeholder = new Placeholder(name, value, origin, declared);
        _placeholders.Add(placeholder);
        _defined.Add((name, null, value, placeholder));
    }

    private string? LookupEnvironment(string name) => _environment.GetValueOrDefault(name);

    private string? LookupReference(string name)
    {
        for (int i = _defined.Count - 1; i >= 0; i--)
        {
            var (key, option, value, placeholder) = _defined[i];
            if (key == name || (option is not null && option.LongNames.Contains(name)))
            {
                placeholder?.Referenced = true;
                return value;
            }
        }

        return null;
    }
}
