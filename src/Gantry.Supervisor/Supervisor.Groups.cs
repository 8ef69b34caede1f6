using Gantry.Supervisor.Configuration;
using Gantry.Supervisor.Processes;

namespace Gantry.Supervisor;

/// <summary>Adding, removing, finding and diffing groups (supervisord.py <c>add_process_group</c>, <c>diff_to_active</c>).</summary>
internal sealed partial class Supervisor
{
    /// <summary>False when a group of that name is active already.</summary>
    public bool AddGroup(GroupConfig config)
    {
        if (Groups.Any(group => group.Config.Name == config.Name))
        {
            return false;
        }
        var group = new ProcessGroup(config, Runtime);
        var index = Groups.FindIndex(existing => existing.Config.Priority > config.Priority);
        Groups.Insert(index < 0 ? Groups.Count : index, group);
        Runtime.Events.GroupChanged(config.Name, added: true);
        return true;
    }

    /// <summary>False while a process of the group is not stopped.</summary>
    public bool RemoveGroup(string name)
    {
        var group = FindGroup(name);
        if (group is null || !group.AllStopped)
        {
            return false;
        }
        Groups.Remove(group);
        group.Dispose();
        Runtime.Events.GroupChanged(name, added: false);
        return true;
    }

    public ProcessGroup? FindGroup(string name) => Groups.FirstOrDefault(group => group.Config.Name == name);

    /// <summary>reloadConfig: the file read again; (added, changed, removed) group names against the active groups.</summary>
    public (List<string> Added, List<string> Changed, List<string> Removed) Reread()
    {
        Available = _reread();
        var added = new List<string>();
        var changed = new List<string>();
        foreach (var config in Available.Groups)
        {
            var active = FindGroup(config.Name);
            if (active is null)
            {
                added.Add(config.Name);
            }
            else if (active.Config.Fingerprint != config.Fingerprint)
            {
                changed.Add(config.Name);
            }
        }
        var removed = Groups.Where(group => Available.Groups.All(config => config.Name != group.Config.Name)).Select(group => group.Config.Name).ToList();
        return (added, changed, removed);
    }

    public IEnumerable<SupervisedProcess> AllProcesses => Groups.SelectMany(group => group.Processes);
}
