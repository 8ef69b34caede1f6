using System.Text;
using Gantry.Configuration.Registry;

namespace Gantry.Configuration;

/// <summary>Renders docs/configuration.md from the option registry, so the docs cannot drift from the code.</summary>
public static class ConfigurationDocs
{
    /// <summary>The whole Markdown document, ending with a newline.</summary>
    public static string Render()
    {
        var rows = OptionRegistry.All;
        var text = new StringBuilder();
        text.Append("# Gantry configuration\n\n");
        text.Append("<!-- Generated from src/Gantry.Configuration/Registry by ConfigurationDocs.Render(); do not edit.\n");
        text.Append("     Regenerate with: GANTRY_UPDATE_DOCS=1 dotnet test test/Gantry.Configuration.Tests -->\n\n");
        text.Append("Gantry accepts uWSGI's options, so an existing `uwsgi.ini` or command line keeps working. Every option is\n");
        text.Append("read the same way from the command line (`--name value`, `--name=value`, `-x value`, `--no-name` for flags),\n");
        text.Append("from ini files (`[uwsgi]` section, or `file.ini:section`) and from `UWSGI_NAME` environment variables.\n");
        text.Append("A bare file argument is read as ini when its name ends in `.ini` or, whatever its name, when it is a text file\n");
        text.Append("holding the section (`gantry wsgi.conf`, `gantry app.cfg:staging`; uWSGI refuses those).\n\n");
        text.Append("- **supported**: Gantry implements it (*not active yet* means it is read and checked but has no effect yet;\n");
        text.Append("  gantry logs that once at startup).\n");
        text.Append("- **ignored**: accepted, logged once at startup with the reason; ignoring it changes nothing you rely on.\n");
        text.Append("- **rejected**: startup fails with the reason, because ignoring it would change behaviour you rely on.\n");
        text.Append("- An option that is not listed here is unknown: startup fails and names the closest option.\n\n");
        text.Append("Ini files follow uWSGI: no inline comments, a bare key means `true`, keys may repeat, `%(name)` refers to an\n");
        text.Append("earlier option or placeholder, `$(NAME)` to an environment variable, `%d %p %s %n %e %c %x %o %h %k %%` are\n");
        text.Append("magic variables, and `ini =` / `include =` read another file in place. Command-line values win over ini\n");
        text.Append("files and the environment for single-valued options; repeatable ones accumulate in order of appearance.\n\n");
        int supported = rows.Count(row => row.Support == SupportLevel.Supported);
        int ignored = rows.Count(row => row.Support == SupportLevel.Ignored);
        int rejected = rows.Count(row => row.Support == SupportLevel.Rejected);
        text.Append($"{rows.Count} options ({rows.Sum(row => row.Aliases.Count)} more aliases): ");
        text.Append($"{supported} supported, {ignored} ignored, {rejected} rejected.\n");
        foreach (var group in rows.GroupBy(row => row.Topic).OrderBy(group => group.Key))
        {
            text.Append("\n## ").Append(OptionTopicText.Title(group.Key)).Append("\n\n");
            text.Append("| option | aliases | type | default | support | help |\n");
            text.Append("|---|---|---|---|---|---|\n");
            foreach (var row in group)
            {
                text.Append("| `").Append(row.Name).Append("` | ");
                text.Append(Aliases(row)).Append(" | ");
                text.Append(Cell(OptionKindText.Describe(row))).Append(" | ");
                text.Append(row.DefaultValue is null ? string.Empty : $"`{row.DefaultValue}`").Append(" | ");
                text.Append(Cell(Support(row))).Append(" | ");
                text.Append(Cell(row.Help)).Append(" |\n");
            }
        }

        return text.ToString();
    }

    private static string Aliases(OptionDefinition row)
    {
        var names = row.Aliases.Select(alias => $"`{alias}`");
        if (row.ShortFlag != '\0')
        {
            names = names.Prepend($"`-{row.ShortFlag}`");
        }

        return string.Join(", ", names);
    }

    private static string Support(OptionDefinition row) => row.Support switch
    {
        SupportLevel.Ignored => $"ignored: {row.Reason}",
        SupportLevel.Rejected => $"rejected: {row.Reason}",
        _ when row.PendingIssue is not null => $"supported, not active yet: {row.PendingIssue}",
        _ when row.IsGantryOnly => "supported (Gantry only)",
        _ => "supported",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
