using Gantry.Supervisor.Rpc;

namespace Gantry.Supervisor.Ctl;

/// <summary>reread, update, avail, add, remove.</summary>
internal sealed partial class CtlSession
{
    private (List<string> Added, List<string> Changed, List<string> Removed)? ReloadConfig()
    {
        try
        {
            var result = (List<object?>)client.Call("supervisor.reloadConfig")!;
            var lists = (List<object?>)result[0]!;
            static List<string> Names(object? value) => [.. (value as List<object?> ?? []).Select(item => (string)item!)];
            return (Names(lists[0]), Names(lists[1]), Names(lists[2]));
        }
        catch (RemoteFault fault) when (fault.Code == Faults.CantReread)
        {
            Console.Out.WriteLine($"ERROR: {fault.Message}");
            _exit = Generic;
            return null;
        }
    }

    private void Reread()
    {
        if (ReloadConfig() is not var (added, changed, removed))
        {
            return;
        }
        if (added.Count + changed.Count + removed.Count == 0)
        {
            Console.Out.WriteLine("No config updates to processes");
            return;
        }
        // supervisorctl's _formatChanges: one line per group, sorted by name.
        var changes = added.Select(name => (name, "available"))
            .Concat(changed.Select(name => (name, "changed")))
            .Concat(removed.Select(name => (name, "disappeared")));
        foreach (var (name, change) in changes.OrderBy(item => item.name, StringComparer.Ordinal))
        {
            Console.Out.WriteLine($"{name}: {change}");
        }
    }

    private void Update(string[] names)
    {
        if (ReloadConfig() is not var (added, changed, removed))
        {
            return;
        }
        bool Wanted(string name) => names.Length == 0 || names.Contains("all") || names.Contains(name);
        if (names.Length > 0 && !names.Contains("all"))
        {
            var groups = Structs(client.Call("supervisor.getAllProcessInfo")).Select(info => (string)info["group"]!).Concat(added).ToHashSet();
            foreach (var name in names.Where(name => !groups.Contains(name)))
            {
                Console.Out.WriteLine($"ERROR: no such group: {name}");
                _exit = Generic;
            }
        }
        foreach (var name in removed.Where(Wanted))
        {
            StopGroupQuietly(name);
            client.Call("supervisor.removeProcessGroup", name);
            Console.Out.WriteLine($"{name}: removed process group");
        }
        foreach (var name in changed.Where(Wanted))
        {
            StopGroupQuietly(name);
            client.Call("supervisor.removeProcessGroup", name);
            client.Call("supervisor.addProcessGroup", name);
            Console.Out.WriteLine($"{name}: updated process group");
        }
        foreach (var name in added.Where(Wanted))
        {
            client.Call("supervisor.addProcessGroup", name);
            Console.Out.WriteLine($"{name}: added process group");
        }
    }

    /// <summary>As supervisorctl's update: the group stopped, then "GROUP: stopped" whatever the results.</summary>
    private void StopGroupQuietly(string group)
    {
        client.Call("supervisor.stopProcessGroup", group);
        Console.Out.WriteLine($"{group}: stopped");
    }

    private void Avail()
    {
        foreach (var info in Structs(client.Call("supervisor.getAllConfigInfo")))
        {
            var name = Namespec(info);
            var inUse = (bool)info["inuse"]! ? "in use" : "avail";
            var auto = (bool)info["autostart"]! ? "auto" : "manual";
            // supervisorctl's template: '%(name)-32s %(inuse)-9s %(autostart)-9s %(priority)s'.
            Console.Out.WriteLine($"{name,-32} {inUse,-9} {auto,-9} {info["group_prio"]}:{info["process_prio"]}");
        }
    }

    private void Add(string[] names)
    {
        foreach (var name in names)
        {
            try
            {
                client.Call("supervisor.addProcessGroup", name);
                Console.Out.WriteLine($"{name}: added process group");
            }
            catch (RemoteFault fault)
            {
                Console.Out.WriteLine(fault.Code switch
                {
                    Faults.ShutdownState => "ERROR: shutting down",
                    Faults.AlreadyAdded => $"ERROR: process group already active",
                    Faults.BadName => $"ERROR: no such process/group: {name}",
                    _ => $"ERROR: {fault.Message}",
                });
                // supervisorctl: an already active group is reported but is not an error.
                _exit = fault.Code == Faults.AlreadyAdded ? _exit : Generic;
            }
        }
    }

    private void Remove(string[] names)
    {
        foreach (var name in names)
        {
            try
            {
                client.Call("supervisor.removeProcessGroup", name);
                Console.Out.WriteLine($"{name}: removed process group");
            }
            catch (RemoteFault fault)
            {
                Console.Out.WriteLine(fault.Code switch
                {
                    Faults.StillRunning => $"ERROR: process/group still running: {name}",
                    Faults.BadName => $"ERROR: no such process/group: {name}",
                    _ => $"ERROR: {fault.Message}",
                });
                _exit = Generic;
            }
        }
    }
}
