namespace Gantry.Configuration.Sources;

/// <summary>
/// Bare arguments that do not end in <c>.ini</c> (<c>gantry wsgi.conf</c>, <c>gantry app.cfg:staging</c>). uWSGI 2.0
/// picks a config reader by extension only and answers "unable to load configuration" for anything else; Gantry reads
/// any text file holding the asked section (<c>[uwsgi]</c> by default) as ini, and says what it found otherwise.
/// </summary>
internal sealed partial class ConfigurationCollector
{
    private const string NotAnOption = "options start with -- (see --help)";

    /// <summary>True when <paramref name="written"/> names a file with the section; otherwise reports why not.</summary>
    private bool IsIniWithoutExtension(string written)
    {
        var (path, section, sectionWritten) = SplitSection(written);
        if (path.Length == 0)
        {
            // ":section" reuses the file being read, and a bare argument is not read from inside any file.
            _diagnostics.Error(OptionOrigin.CommandLine.Location, written, $"unexpected argument; {NotAnOption}");
            return false;
        }

        string fullPath = Path.GetFullPath(path, _currentDirectory);
        var found = IniFileSniffer.Sniff(fullPath, section, out string? detail);
        string? message = found switch
        {
            IniSniffResult.HasSection => null,
            IniSniffResult.NotFound => $"unexpected argument; {NotAnOption}, and no file {fullPath} exists to read as an ini config",
            // A section written out says the file is meant as a config: the message of "file.ini:section".
            IniSniffResult.NoSection when sectionWritten.Length > 0 => $"section [{section}] not found in {fullPath}",
            IniSniffResult.NoSection => $"unexpected argument; {fullPath} has no [{section}] section, so it is not read as an ini config"
                + ScriptHint(path),
            IniSniffResult.Directory => $"unexpected argument; {fullPath} is a directory, not an ini config",
            IniSniffResult.Empty => $"unexpected argument; {fullPath} is empty (or not a regular file), so it is not read as an ini config",
            IniSniffResult.Binary => $"unexpected argument; {fullPath} is a binary file, not an ini config",
            _ => $"cannot read {fullPath} to see whether it is an ini config: {detail}",
        };
        if (message is not null)
        {
            _diagnostics.Error(OptionOrigin.CommandLine.Location, written, message);
        }

        return message is null;
    }

    // The likeliest mistake behind "gantry app.py": uWSGI serves a script only through an option.
    private static string ScriptHint(string path) =>
        path.EndsWith(".py", StringComparison.Ordinal) || path.EndsWith(".wsgi", StringComparison.Ordinal)
            ? $"; to serve it, use --wsgi-file {path}"
            : $"; {NotAnOption}";
}
