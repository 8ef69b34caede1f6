using System.Reflection;
using Gantry.Configuration.Binding;
using Gantry.Configuration.Registry;
using Gantry.Configuration.Sources;

namespace Gantry.Configuration;

/// <summary>
/// Reads Gantry's configuration the way uWSGI reads its own: <c>UWSGI_*</c> environment variables, the command
/// line and ini files, merged through the one option registry, then validated as a whole.
/// </summary>
public static class ConfigurationLoader
{
    /// <summary>The version shown by <c>--version</c> and the <c>%V</c> magic variable.</summary>
    public static string Version { get; } =
        typeof(ConfigurationLoader).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>Loads and validates the configuration; never throws for a user mistake.</summary>
    /// <param name="args">The command-line arguments, without the program name.</param>
    /// <param name="environment">The process environment (only <c>UWSGI_*</c> names and <c>$(NAME)</c> references are read).</param>
    /// <param name="currentDirectory">The directory relative paths of config files are resolved against.</param>
    /// <returns>The options, or every error found, plus warnings and startup notices.</returns>
    public static ConfigurationResult Load(
        IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(currentDirectory);

        var diagnostics = new DiagnosticBag();
        if (args.Count > 0 && args[0] == AsgiCommandLine.Command)
        {
            if (AsgiCommandLine.AsksForHelp(args))
            {
                return new ConfigurationResult { HelpRequested = true, Usage = AsgiCommandLine.Usage };
            }
            args = AsgiCommandLine.Translate([.. args.Skip(1)], diagnostics);
        }
        var commandLine = CommandLineReader.Read(args, diagnostics);
        bool help = commandLine.Tokens.Any(token => token.Option.Name == "help");
        bool version = commandLine.Tokens.Any(token => token.Option.Name == "version");
        if (help || version)
        {
            return new ConfigurationResult { HelpRequested = help, VersionRequested = version };
        }

        var magic = new MagicVariables(currentDirectory, DateTimeOffset.UtcNow, Version);
        var collector = new ConfigurationCollector(environment, currentDirectory, magic, diagnostics);
        collector.ReadEnvironment();
        collector.ReadCommandLine(commandLine);
        collector.FinishBlocks();

        var builder = OptionsBinder.Bind(collector.Assignments, diagnostics);
        builder.StartDirectory = currentDirectory;
        ReportUnusedPlaceholders(collector.Placeholders, builder.Strict, diagnostics);
        OptionsValidator.Validate(builder, diagnostics);

        return new ConfigurationResult
        {
            Options = diagnostics.Errors.Count == 0 ? builder.Build() : null,
            Errors = diagnostics.Errors,
            Warnings = diagnostics.Warnings,
            Notices = diagnostics.Notices,
        };
    }

    // uWSGI keeps unknown ini keys as placeholders; one that nothing references is most likely a misspelled option.
    private static void ReportUnusedPlaceholders(IReadOnlyList<Placeholder> placeholders, bool strict, DiagnosticBag diagnostics)
    {
        foreach (var placeholder in placeholders.Where(p => !p.Declared && !p.Referenced))
        {
            string? suggestion = OptionRegistry.Suggest(placeholder.Name);
            string message = $"'{placeholder.Name}' is not an option and no %({placeholder.Name}) uses it"
                + (suggestion is null ? "; remove it or check the spelling" : $"; did you mean '{suggestion}'?");
            string setting = $"{placeholder.Name} = {placeholder.Value}";
            if (strict)
            {
                diagnostics.Error(placeholder.Origin.Location, setting, message + " (strict mode)");
            }
            else
            {
                diagnostics.Warning(placeholder.Origin.Location, setting, message);
            }
        }
    }
}
