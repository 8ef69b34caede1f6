using System.Globalization;

namespace Gantry.Supervisor.Configuration;

/// <summary>[program:x], [eventlistener:x] and [group:x] into process groups (options.py <c>process_groups_from_parser</c>).</summary>
internal sealed partial class SupervisorConfigReader
{
    private const string ProgramPrefix = "program:";
    private const string ListenerPrefix = "eventlistener:";
    private const string GroupPrefix = "group:";
    private const string DefaultResultHandler = "supervisor.dispatchers:default_handler";

    private List<GroupConfig> ReadGroups(Dictionary<string, IniSection> sections, SupervisorConfig config)
    {
        var programs = new Dictionary<string, (IniSection Section, List<ProcessConfig> Processes)>(StringComparer.Ordinal);
        foreach (var section in sections.Values.Where(section => section.Name.StartsWith(ProgramPrefix, StringComparison.Ordinal)))
        {
            ConfigKeys.Check(section, ConfigKeys.Program);
            var name = section.Name[ProgramPrefix.Length..];
            CheckName(section, name);
            programs[name] = (section, ReadProcesses(section, name, config));
        }
        var groups = new List<GroupConfig>();
        var grouped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in sections.Values.Where(section => section.Name.StartsWith(GroupPrefix, StringComparison.Ordinal)))
        {
            ConfigKeys.Check(section, ConfigKeys.Group);
            var name = section.Name[GroupPrefix.Length..];
            CheckName(section, name);
            if (!section.Values.ContainsKey("programs"))
            {
                throw new SupervisorConfigException(section.File, section.Line, "programs", $"[{section.Name}] has no programs (write programs = a,b)");
            }
            var members = new List<ProcessConfig>();
            foreach (var member in Get(section, "programs", "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!programs.TryGetValue(member, out var program))
                {
                    throw new SupervisorConfigException(section.File, At(section, "programs").Line, "programs", $"[{section.Name}] names unknown program {member}");
                }
                grouped.Add(member);
                members.AddRange(program.Processes);
            }
            var priority = ConfigValues.Integer(At(section, "priority"), Get(section, "priority", "999"));
            groups.Add(new GroupConfig(name, priority, Sorted(members)));
        }
        foreach (var (name, program) in programs)
        {
            if (!grouped.Contains(name))
            {
                var priority = ConfigValues.Integer(At(program.Section, "priority"), Get(program.Section, "priority", "999"));
                groups.Add(new GroupConfig(name, priority, Sorted(program.Processes)));
            }
        }
        foreach (var section in sections.Values.Where(section => section.Name.StartsWith(ListenerPrefix, StringComparison.Ordinal)))
        {
            groups.Add(ReadListenerPool(section, config));
        }
        var duplicate = groups.GroupBy(group => group.Name, StringComparer.Ordinal).FirstOrDefault(same => same.Count() > 1);
        if (duplicate is not null)
        {
            throw new SupervisorConfigException(config.File, 0, null, $"two process groups are named '{duplicate.Key}' (a [group:x] and a program, or an event listener)");
        }
        return [.. groups.OrderBy(group => group.Priority).ThenBy(group => group.Name, StringComparer.Ordinal)];
    }

    private GroupConfig ReadListenerPool(IniSection section, SupervisorConfig config)
    {
        ConfigKeys.Check(section, ConfigKeys.EventListener);
        var name = section.Name[ListenerPrefix.Length..];
        CheckName(section, name);
        var bufferSize = ConfigValues.Integer(At(section, "buffer_size"), Get(section, "buffer_size", "10"));
        if (bufferSize < 1)
        {
            throw new SupervisorConfigException(section.File, At(section, "buffer_size").Line, "buffer_size", $"[{section.Name}] section sets invalid buffer_size ({bufferSize})");
        }
        var handler = Get(section, "result_handler", DefaultResultHandler).Trim();
        if (handler != DefaultResultHandler)
        {
            // supervisord imports any Python callable here; Gantry has no Python in the supervisor, so only the
            // default handler's rule (OK acknowledges, anything else rejects) is there.
            throw new SupervisorConfigException(section.File, At(section, "result_handler").Line, "result_handler",
                $"{handler} cannot be used within [{section.Name}]: Gantry's supervisor has only {DefaultResultHandler} (OK acknowledges an event, anything else rejects it); remove the line");
        }
        var events = Get(section, "events", "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(type => type.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        if (events.Count == 0)
        {
            throw new SupervisorConfigException(section.File, section.Line, "events", $"[{section.Name}] section requires an \"events\" line (for example events = PROCESS_STATE)");
        }
        foreach (var eventName in events)
        {
            if (!Processes.SupervisorEvents.IsKnownType(eventName))
            {
                throw new SupervisorConfigException(section.File, At(section, "events").Line, "events", $"Unknown event type {eventName} in [{section.Name}] events");
            }
        }
        if (ConfigValues.Boolean(At(section, "redirect_stderr"), Get(section, "redirect_stderr", "false")))
        {
            throw new SupervisorConfigException(section.File, At(section, "redirect_stderr").Line, "redirect_stderr",
                $"[{section.Name}] section sets redirect_stderr=true but this is not allowed because it will interfere with the eventlistener protocol");
        }
        var processes = ReadProcesses(section, name, config);
        // Listeners start first and stop last (supervisord's default priority -1 for the pool).
        var priority = ConfigValues.Integer(At(section, "priority"), Get(section, "priority", "-1"));
        return new GroupConfig(name, priority, Sorted(processes)) { Events = events, BufferSize = bufferSize };
    }

    private static List<ProcessConfig> Sorted(List<ProcessConfig> processes) =>
        [.. processes.OrderBy(process => process.Priority).ThenBy(process => process.Name, StringComparer.Ordinal)];

    private static void CheckName(IniSection section, string name)
    {
        if (name.Length == 0 || name.IndexOfAny([':', '/', ' ']) >= 0)
        {
            throw new SupervisorConfigException(section.File, section.Line, null, $"[{section.Name}]: the name '{name}' may not be empty nor contain ':', '/' or spaces");
        }
    }

    private List<ProcessConfig> ReadProcesses(IniSection section, string programName, SupervisorConfig config)
    {
        if (!section.Values.ContainsKey("command"))
        {
            throw new SupervisorConfigException(section.File, section.Line, "command", $"program section [{section.Name}] does not specify a command");
        }
        var numprocs = ConfigValues.Integer(At(section, "numprocs"), Get(section, "numprocs", "1"), 1);
        var numprocsStart = ConfigValues.Integer(At(section, "numprocs_start"), Get(section, "numprocs_start", "0"), 0);
        var rawProcessName = At(section, "process_name");
        if (numprocs > 1 && !(section.Values.TryGetValue("process_name", out var given) && given.Value.Contains("%(process_num)", StringComparison.Ordinal)))
        {
            throw new SupervisorConfigException(section.File, rawProcessName.Line, "process_name",
                "%(process_num) must be present within process_name when numprocs > 1 (write process_name = %(program_name)s_%(process_num)02d)");
        }
        var processes = new List<ProcessConfig>();
        for (var number = numprocsStart; number < numprocsStart + numprocs; number++)
        {
            var names = BaseNames(section.File);
            names["program_name"] = programName;
            names["group_name"] = programName;
            names["host_node_name"] = _hostName;
            names["process_num"] = number;
            names["numprocs"] = numprocs;
            processes.Add(ReadProcess(section, names, config));
        }
        return processes;
    }
}
