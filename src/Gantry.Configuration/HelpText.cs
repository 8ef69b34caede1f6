using System.Text;
using Gantry.Configuration.Registry;

namespace Gantry.Configuration;

/// <summary>The text of <c>gantry --help</c>: every registry option, grouped by topic, one line each (like <c>uwsgi --help</c>).</summary>
public static class HelpText
{
    private const int HelpColumn = 44;

    /// <summary>Renders the help text, ending with a newline.</summary>
    public static string Render()
    {
        var text = new StringBuilder();
        text.Append("Usage: gantry [options...] [file.ini[:section]]\n\n");
        text.Append("Gantry reads uWSGI's options from the command line (--name value, --name=value, -x value),\n");
        text.Append("from ini files ([uwsgi] section) and from UWSGI_NAME environment variables. A bare file argument\n");
        text.Append("is read as ini when it ends in .ini or holds the section, whatever its name (gantry wsgi.conf).\n");
        text.Append("[ignored] options are accepted and logged once; [rejected] options stop startup with the reason.\n");
        text.Append("[not active yet] options are parsed but have no effect yet. See docs/configuration.md.\n");
        foreach (var group in OptionRegistry.All.GroupBy(row => row.Topic).OrderBy(group => group.Key))
        {
            text.Append('\n').Append(OptionTopicText.Title(group.Key)).Append(":\n");
            foreach (var row in group)
            {
                string names = Names(row);
                text.Append("    ").Append(names);
                text.Append(' ', Math.Max(1, HelpColumn - 4 - names.Length));
                text.Append(row.Help).Append(Marker(row)).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Names(OptionDefinition row)
    {
        var names = new StringBuilder();
        if (row.ShortFlag != '\0')
        {
            names.Append('-').Append(row.ShortFlag).Append('|');
        }

        names.AppendJoin('|', row.LongNames.Select(name => "--" + name));
        if (row.Kind != OptionValueKind.Flag)
        {
            names.Append(row.ValueOptional ? " [" : " <").Append(OptionKindText.Describe(row.Kind)).Append(row.ValueOptional ? "]" : ">");
        }

        return names.ToString();
    }

    private static string Marker(OptionDefinition row) => row.Support switch
    {
        SupportLevel.Ignored => " [ignored]",
        SupportLevel.Rejected => " [rejected]",
        _ when row.PendingIssue is not null => " [not active yet]",
        _ when row.DefaultValue is not null => $" (default: {row.DefaultValue})",
        _ => string.Empty,
    };
}
