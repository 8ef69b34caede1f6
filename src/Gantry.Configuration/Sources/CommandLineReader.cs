using Gantry.Configuration.Registry;

namespace Gantry.Configuration.Sources;

/// <summary>
/// Reads uWSGI-style arguments: <c>--key value</c>, <c>--key=value</c>, <c>-s value</c>, <c>-svalue</c>, bundled
/// short flags (<c>-MT</c>), bare flags, <c>--no-key</c> and <c>--key false</c> for flags, and bare
/// <c>file[:section]</c> arguments (config files, checked later by <see cref="ConfigurationCollector"/>). Like getopt, an option that needs a value takes the next argument
/// whatever it looks like. Unknown options are reported with the nearest registry name.
/// </summary>
internal static class CommandLineReader
{
    private static readonly string[] BooleanWords = ["true", "false", "yes", "no", "on", "off", "1", "0"];

    public static CommandLine Read(IReadOnlyList<string> args, DiagnosticBag diagnostics)
    {
        var result = new CommandLine();
        bool optionsEnded = false;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (optionsEnded || arg.Length < 2 || arg[0] != '-')
            {
                ReadBare(arg, result, diagnostics);
            }
            else if (arg == "--")
            {
                optionsEnded = true;
            }
            else if (arg[1] == '-')
            {
                i = ReadLong(args, i, result, diagnostics);
            }
            else
            {
                i = ReadShort(args, i, result, diagnostics);
            }
        }

        return result;
    }

    /// <summary>True for <c>file.ini</c> and <c>file.ini:section</c>.</summary>
    public static bool IsIniArgument(string arg)
    {
        int colon = arg.LastIndexOf(':');
        string path = colon > 0 && !arg.EndsWith(".ini", StringComparison.Ordinal) ? arg[..colon] : arg;
        return path.EndsWith(".ini", StringComparison.Ordinal);
    }

    private static void ReadBare(string arg, CommandLine result, DiagnosticBag diagnostics)
    {
        // uWSGI would read these with its xml, yaml or json loader: the name says the file is not ini.
        if (arg.EndsWith(".xml", StringComparison.Ordinal) || arg.EndsWith(".yaml", StringComparison.Ordinal)
            || arg.EndsWith(".yml", StringComparison.Ordinal) || arg.EndsWith(".json", StringComparison.Ordinal))
        {
            diagnostics.Error(OptionOrigin.CommandLine.Location, arg, "Gantry reads ini config files only; convert it to an ini [uwsgi] section");
            return;
        }

        // Whether another name is a config file depends on its content, which the collector looks at (no I/O here).
        result.ConfigFiles.Add(arg);
    }

    private static int ReadLong(IReadOnlyList<string> args, int i, CommandLine result, DiagnosticBag diagnostics)
    {
        string body = args[i][2..];
        int equals = body.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? body : body[..equals];
        string? attached = equals < 0 ? null : body[(equals + 1)..];
        OptionDefinition? option = OptionRegistry.Find(name);
        if (option is null && name.StartsWith("no-", StringComparison.Ordinal) && attached is null
            && OptionRegistry.Find(name[3..]) is { IsFlag: true } negated)
        {
            result.Tokens.Add(new CommandLineToken(negated, "false", args[i]));
            return i;
        }

        if (option is null)
        {
            ReportUnknown("--" + name, name, diagnostics);
            // Skip what is probably the unknown option's value, so it is not reported again as a stray argument.
            bool skipValue = attached is null && i + 1 < args.Count && !args[i + 1].StartsWith('-') && !IsIniArgument(args[i + 1]);
            return skipValue ? i + 1 : i;
        }

        if (attached is not null)
        {
            result.Tokens.Add(new CommandLineToken(option, attached, args[i]));
            return i;
        }

        return TakeValue(args, i, option, "--" + name, result, diagnostics);
    }

    private static int ReadShort(IReadOnlyList<string> args, int i, CommandLine result, DiagnosticBag diagnostics)
    {
        string arg = args[i];
        for (int j = 1; j < arg.Length; j++)
        {
            OptionDefinition? option = OptionRegistry.FindShort(arg[j]);
            if (option is null)
            {
                ReportUnknown("-" + arg[j], arg[j].ToString(), diagnostics);
                return i;
            }

            if (option.IsFlag)
            {
                result.Tokens.Add(new CommandLineToken(option, string.Empty, "-" + arg[j]));
                continue;
            }

            if (j + 1 < arg.Length)
            {
                result.Tokens.Add(new CommandLineToken(option, arg[(j + 1)..], arg));
                return i;
            }

            return TakeValue(args, i, option, "-" + arg[j], result, diagnostics);
        }

        return i;
    }

    /// <summary>
    /// Whether <paramref name="option"/>, written without "=VALUE", takes <paramref name="next"/> (the following
    /// argument, null at the end) as its value: always when a value is required, a word that does not look like an option
    /// or an ini file when it is optional, a boolean word (true, no, 1…) after a flag.
    /// </summary>
    internal static bool TakesNextWord(OptionDefinition option, string? next) =>
        next is not null && (option.IsFlag
            ? BooleanWords.Contains(next, StringComparer.OrdinalIgnoreCase)
            : !option.ValueOptional || (!next.StartsWith('-') && !IsIniArgument(next)));

    private static int TakeValue(
        IReadOnlyList<string> args, int i, OptionDefinition option, string written, CommandLine result, DiagnosticBag diagnostics)
    {
        string? next = i + 1 < args.Count ? args[i + 1] : null;
        if (TakesNextWord(option, next))
        {
            result.Tokens.Add(new CommandLineToken(option, next!, $"{written} {next}"));
            return i + 1;
        }

        if (!option.IsFlag && !option.ValueOptional)
        {
            diagnostics.Error(OptionOrigin.CommandLine.Location, written,
                $"needs a value ({Describe(option.Kind)}): {written} VALUE or {written}=VALUE", option.Name);
            return i;
        }

        result.Tokens.Add(new CommandLineToken(option, string.Empty, written));
        return i;
    }

    private static void ReportUnknown(string written, string name, DiagnosticBag diagnostics)
    {
        string? suggestion = name.Length > 1 ? OptionRegistry.Suggest(name) : null;
        string message = suggestion is null
            ? "unknown option (see --help for the list)"
            : $"unknown option; did you mean --{suggestion}?";
        diagnostics.Error(OptionOrigin.CommandLine.Location, written, message);
    }

    private static string Describe(OptionValueKind kind) => OptionKindText.Describe(kind);
}
