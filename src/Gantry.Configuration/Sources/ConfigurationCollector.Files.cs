namespace Gantry.Configuration.Sources;

/// <summary>Reading ini files, with sections, magic variables and nested includes.</summary>
internal sealed partial class ConfigurationCollector
{
    private readonly List<string> _including = [];
    private string? _lastFile;

    private void ReadIni(string written, OptionOrigin origin, string setting, bool requireIniExtension)
    {
        var (path, section, sectionWritten) = SplitSection(written);
        if (path.Length == 0)
        {
            if (_lastFile is null)
            {
                _diagnostics.Error(origin.Location, setting, "':section' names a section of the current file, but no file is being read");
                return;
            }

            path = _lastFile;
        }

        if (requireIniExtension && !path.EndsWith(".ini", StringComparison.Ordinal))
        {
            _diagnostics.Error(origin.Location, setting, "Gantry can include ini files only (their name must end with .ini)");
            return;
        }

        string fullPath = Path.GetFullPath(path, _currentDirectory);
        string frame = $"{fullPath}:{section}";
        if (_including.Contains(frame) || _including.Count >= MaximumIncludeDepth)
        {
            _diagnostics.Error(origin.Location, setting,
                $"include cycle: {string.Join(" -> ", _including.Append(frame))}; remove one of the includes");
            return;
        }

        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            _diagnostics.Error(origin.Location, setting, DescribeUnreadable(path, fullPath, origin, exception));
            return;
        }

        _lastFile = fullPath;
        var unknownLetters = new SortedSet<char>();
        text = MagicVariables.Substitute(text, _magic.ForFile(written, fullPath, sectionWritten), unknownLetters);
        foreach (char letter in unknownLetters)
        {
            _diagnostics.Warning(fullPath, null,
                $"%{letter} is not a magic variable, so it was replaced by nothing (as uWSGI does); write %%{letter} for a literal '%{letter}'");
        }

        var (lines, found) = IniParser.Parse(text, section);
        if (!found)
        {
            _diagnostics.Error(origin.Location, setting, $"section [{section}] not found in {fullPath}");
            return;
        }

        _including.Add(frame);
        foreach (var line in lines)
        {
            var lineOrigin = OptionOrigin.FileLine(fullPath, line.Number);
            string lineSetting = line.Value.Length == 0 ? line.Key : $"{line.Key} = {line.Value}";
            Accept(line.Key, Registry.OptionRegistry.Find(line.Key), line.Value, lineOrigin, lineSetting);
        }

        _including.RemoveAt(_including.Count - 1);
    }

    // uWSGI splits at the last ':'; "file.ini:section" picks a section, ":section" reuses the last file read.
    private static (string Path, string Section, string SectionWritten) SplitSection(string written)
    {
        int colon = written.LastIndexOf(':');
        string path = colon < 0 ? written : written[..colon];
        string section = colon < 0 || colon == written.Length - 1 ? "uwsgi" : written[(colon + 1)..];
        string sectionWritten = colon < 0 ? string.Empty : written[(colon + 1)..];
        return (path, section, sectionWritten);
    }

    private string DescribeUnreadable(string path, string fullPath, OptionOrigin origin, Exception exception)
    {
        string reason = exception is FileNotFoundException or DirectoryNotFoundException ? "not found" : exception.Message;
        string message = $"cannot read {fullPath}: {reason}";
        if (origin.Kind == OriginKind.File && !Path.IsPathRooted(path))
        {
            // uWSGI resolves included paths against the working directory, not the including file.
            string including = origin.Location[..origin.Location.LastIndexOf(':')];
            message += $" (relative paths are resolved against the working directory {_currentDirectory}, as uWSGI does;" +
                $" write %d{path} for a file next to {Path.GetFileName(including)})";
        }

        return message;
    }
}
