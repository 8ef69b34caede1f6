using System.Globalization;

namespace Gantry.Supervisor.Configuration;

/// <summary>[program:x], [eventlistener:x] and [group:x] into process groups (options.py <c>process_groups_from_parser</c>).</summary>
internal sealed partial class SupervisorConfigReader
{
    private const string ProgramPrefix = "program:";
    private const string ListenerPrefix = "eventlistener:";
    private const string GroupPrefix = "group:";

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
        // Not yet: the listener protocol (READY/RESULT on the listener's stdin and stdout) is not implemented, and
        // running the listener as a plain program would leave it waiting for events forever.
        throw new SupervisorConfigException(section.File, section.Line, null,
            $"[{section.Name}]: event listeners are not supported by Gantry's supervisor yet (docs/supervisor.md)");
#pragma warning disable CS0162
        var name = section.Name[ListenerPrefix.Length..];
        CheckName(section, name);
        if (!section.Values.ContainsKey("events"))
        {
            throw new SupervisorConfigException(section.File, section.Line, "events", $"[{section.Name}] requires an 'events' line (for example events = PROCESS_STATE)");
        }
        var events = Get(section, "events", "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var eventName in events)
        {
            if (!Processes.SupervisorEvents.IsKnownType(eventName))
            {
                throw new SupervisorConfigException(section.File, At(section, "events").Line, "events", $"unknown event type {eventName}");
            }
        }
        var processes = ReadProcesses(section, name, config);
        var priority = ConfigValues.Integer(At(section, "priority"), Get(section, "priority", "-1"));
        return new GroupConfig(name, priority, Sorted(processes))
        {
            Events = events,
            BufferSize = ConfigValues.Integer(At(section, "buffer_size"), Get(section, "buffer_size", "10"), 1),
        };
#pragma warning restore CS0162
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
