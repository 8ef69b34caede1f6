using System.Globalization;

namespace Gantry.FunctionalTests.Cgi;

/// <summary>
/// What /proc says about processes (proc(5)): each one's state, parent and process group from /proc/PID/stat, and a
/// process's open descriptors from /proc/PID/fd. A process that ends while it is read is skipped.
/// </summary>
internal static class ProcessTable
{
    /// <summary>One line of /proc/PID/stat: pid (comm) state ppid pgrp …</summary>
    public sealed record Entry(int Pid, string Command, char State, int ParentPid, int ProcessGroup)
    {
        public bool IsZombie => State is 'Z' or 'X';

        public override string ToString() => $"{Pid} ({Command}) {State} ppid={ParentPid} pgrp={ProcessGroup}";
    }

    /// <summary>Every process there is now.</summary>
    public static List<Entry> All()
    {
        var entries = new List<Entry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } entry)
            {
                entries.Add(entry);
            }
        }
        return entries;
    }

    /// <summary>The process <paramref name="pid"/>, or null when there is none.</summary>
    public static Entry? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception gone) when (gone is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // comm is in parentheses and may hold spaces and parentheses itself: the fields resume after the last ')'.
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        var fields = text[(close + 2)..].Split(' ');
        return new Entry(pid, text[(open + 1)..close], fields[0][0],
            int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture));
    }

    /// <summary>The children of <paramref name="parent"/>, zombies included.</summary>
    public static List<Entry> ChildrenOf(int parent) => All().Where(entry => entry.ParentPid == parent).ToList();

    /// <summary>The processes of group <paramref name="group"/> that still run (zombies are dead: only their entry is left).</summary>
    public static List<Entry> LiveMembersOf(int group) => All().Where(entry => entry.ProcessGroup == group && !entry.IsZombie).ToList();

    /// <summary>The descriptors <paramref name="pid"/> has open, by number: "8 -> pipe:[5253416]".</summary>
    public static List<string> OpenDescriptors(int pid)
    {
        var descriptors = new SortedList<int, string>();
        foreach (var link in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            var target = new FileInfo(link).LinkTarget;
            if (target is not null)
            {
                var fd = int.Parse(Path.GetFileName(link), CultureInfo.InvariantCulture);
                descriptors[fd] = $"{fd} -> {target}";
            }
        }
        return [.. descriptors.Values];
    }

    /// <summary>
    /// Polls <paramref name="condition"/> every 50 ms until it holds or <paramref name="timeout"/> passed; true when it held.
    /// </summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }
}
