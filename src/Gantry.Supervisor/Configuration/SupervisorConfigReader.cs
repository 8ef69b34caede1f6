using Gantry.Posix.Native;

namespace Gantry.Supervisor.Configuration;

/// <summary>
/// Reads a supervisord 4 file and its <c>[include]</c>s into a checked <see cref="SupervisorConfig"/>
/// (supervisor/options.py <c>ServerOptions.read_config</c>, written again). Every error names the file, line and key.
/// </summary>
internal sealed partial class SupervisorConfigReader
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string _workingDirectory;
    private readonly string _hostName;

    public SupervisorConfigReader(IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        _environment = environment;
        _workingDirectory = workingDirectory;
        _hostName = System.Net.Dns.GetHostName();
    }

    /// <summary>supervisord's search when -c is absent: next to the executable, then the working directory, then /etc.</summary>
    public static string? FindDefault(string workingDirectory, string? executable)
    {
        var here = Path.GetDirectoryName(executable ?? "") ?? "/";
        string[] candidates =
        [
            Path.GetFullPath(Path.Combine(here, "../etc/supervisord.conf")),
            Path.GetFullPath(Path.Combine(here, "../supervisord.conf")),
            Path.Combine(workingDirectory, "supervisord.conf"),
            Path.Combine(workingDirectory, "etc/supervisord.conf"),
            "/etc/supervisord.conf",
            "/etc/supervisor/supervisord.conf",
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    public SupervisorConfig Read(string path)
    {
        var file = Path.GetFullPath(path, _workingDirectory);
        if (!File.Exists(file))
        {
            throw new SupervisorConfigException(file, 0, null, "could not read the config file (no such file)");
        }
        var sections = new Dictionary<string, IniSection>(StringComparer.Ordinal);
        IniDocument.Read(File.ReadAllText(file), file, sections);
        ReadIncludes(sections, file);
        if (!sections.TryGetValue("supervisord", out var main))
        {
            throw new SupervisorConfigException(file, 0, null, ".ini file does not include supervisord section (add a [supervisord] line)");
        }
        var config = ReadSupervisord(main, file);
        config = config with
        {
            UnixServer = sections.TryGetValue("unix_http_server", out var unix) ? ReadUnixServer(unix) : null,
            InetServer = sections.TryGetValue("inet_http_server", out var inet) ? ReadInetServer(inet) : null,
            Client = sections.TryGetValue("supervisorctl", out var ctl) ? ReadClient(ctl) : config.Client,
            HasRpcInterface = sections.Keys.Any(name => name.StartsWith("rpcinterface:", StringComparison.Ordinal)),
        };
        foreach (var section in sections.Values)
        {
            CheckSectionKind(section);
        }
        return config with { Groups = ReadGroups(sections, config) };
    }

    private void ReadIncludes(Dictionary<string, IniSection> sections, string mainFile)
    {
        if (!sections.TryGetValue("include", out var include))
        {
            return;
        }
        ConfigKeys.Check(include, ConfigKeys.Include);
        if (!include.Values.TryGetValue("files", out var files))
        {
            throw new SupervisorConfigException(include.File, include.Line, null, ".ini file has [include] section, but no files setting");
        }
        var baseDirectory = Path.GetDirectoryName(mainFile)!;
        var expanded = ConfigExpansion.Expand(files, BaseNames(include.File));
        foreach (var pattern in expanded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var full = Path.GetFullPath(pattern, baseDirectory);
            foreach (var match in Glob(full))
            {
                IniDocument.Read(File.ReadAllText(match), match, sections);
            }
        }
    }

    /// <summary>Python's glob for the patterns supervisord users write: wildcards in the last component only.</summary>
    private static IEnumerable<string> Glob(string pattern)
    {
        var directory = Path.GetDirectoryName(pattern)!;
        var name = Path.GetFileName(pattern);
        if (name.IndexOfAny(['*', '?', '[']) < 0)
        {
            return File.Exists(pattern) ? [pattern] : [];
        }
        if (!System.IO.Directory.Exists(directory))
        {
            return [];
        }
        return System.IO.Directory.GetFiles(directory, name.Replace("[", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal))
            .Where(match => System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(name, Path.GetFileName(match)))
            .Order(StringComparer.Ordinal);
    }

    private static void CheckSectionKind(IniSection section)
    {
        var name = section.Name;
        string[] plain = ["supervisord", "include", "unix_http_server", "inet_http_server", "supervisorctl"];
        string[] prefixed = ["program:", "group:", "eventlistener:", "rpcinterface:", "ctlplugin:"];
        if (plain.Contains(name) || prefixed.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return;
        }
        var hint = name.StartsWith("fcgi-program:", StringComparison.Ordinal)
            ? "[fcgi-program:x] is not supported by Gantry's supervisor (run the FastCGI program as a [program:x] that binds its own socket)"
            : "unknown section; known: [supervisord], [program:x], [group:x], [eventlistener:x], [include], [unix_http_server], [inet_http_server], [supervisorctl], [rpcinterface:x]";
        throw new SupervisorConfigException(section.File, section.Line, null, $"[{name}]: {hint}");
    }

    private Dictionary<string, object> BaseNames(string file)
    {
        var names = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["here"] = Path.GetDirectoryName(file)!,
        };
        foreach (var (key, value) in _environment)
        {
            names["ENV_" + key] = value;
        }
        return names;
    }

    private string Get(IniSection section, string key, string fallback, IReadOnlyDictionary<string, object>? names = null) =>
        section.Values.TryGetValue(key, out var value) ? ConfigExpansion.Expand(value, names ?? BaseNames(section.File)) : fallback;

    private static IniValue At(IniSection section, string key) =>
        section.Values.TryGetValue(key, out var value) ? value : new IniValue(key, "", section.File, section.Line);
}
