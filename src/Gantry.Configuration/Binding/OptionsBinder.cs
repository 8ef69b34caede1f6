using Gantry.Configuration.Registry;
using Gantry.Configuration.Sources;

namespace Gantry.Configuration.Binding;

/// <summary>
/// Applies settings to a <see cref="GantryOptionsBuilder"/> in order of appearance. Repeatable options
/// accumulate; for single-valued ones the last setting wins, except that a command-line setting is never
/// overridden by a file or the environment (uWSGI reads bare ini arguments after the options; Gantry lets the
/// command line win, which is what <c>gantry app.ini --processes 8</c> means). Ignored options become notices,
/// rejected ones errors.
/// </summary>
internal static class OptionsBinder
{
    public static GantryOptionsBuilder Bind(IReadOnlyList<OptionAssignment> assignments, DiagnosticBag diagnostics)
    {
        var builder = new GantryOptionsBuilder();
        var setByCommandLine = new HashSet<OptionDefinition>();
        foreach (var assignment in assignments)
        {
            var option = assignment.Option;
            switch (option.Support)
            {
                case SupportLevel.Ignored:
                    diagnostics.NoticeOnce(option.Name, $"option '{option.Name}' is ignored: {option.Reason}");
                    continue;
                case SupportLevel.Rejected:
                    diagnostics.Error(assignment.Origin.Location, assignment.Setting, $"not supported: {option.Reason}", option.Name);
                    continue;
            }

            if (!OptionValueParser.TryParse(option, assignment.Value, out var value, out string? error, out string? warning))
            {
                diagnostics.Error(assignment.Origin.Location, assignment.Setting, error!, option.Name);
                continue;
            }

            if (warning is not null)
            {
                diagnostics.Warning(assignment.Origin.Location, assignment.Setting, warning, option.Name);
            }

            if (option.PendingIssue is not null)
            {
                diagnostics.NoticeOnce(option.Name, $"option '{option.Name}' is parsed but not active yet ({option.PendingIssue})");
            }

            bool fromCommandLine = assignment.Origin.Kind == OriginKind.CommandLine;
            if (!option.Repeatable && !fromCommandLine && setByCommandLine.Contains(option))
            {
                continue;
            }

            if (fromCommandLine)
            {
                setByCommandLine.Add(option);
            }

            option.Bind?.Invoke(builder, value);
        }

        return builder;
    }
}
