namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>
/// This process's open descriptors (/proc/self/fd) with what each refers to, to show that a test closed every pipe and
/// pidfd it caused. Only meaningful while no other test runs (<see cref="CgiProcessCollection"/>).
/// </summary>
internal static class OpenDescriptors
{
    public static Dictionary<int, string> Snapshot()
    {
        var open = new Dictionary<int, string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var fd))
            {
                continue;
            }
            try
            {
                open[fd] = new FileInfo(entry).LinkTarget ?? "?";
            }
            catch (IOException)
            {
                // The enumeration's own descriptor, closed by now.
            }
        }
        return open;
    }

    /// <summary>
    /// Fails naming every descriptor of the kinds a script exchange and a loop open (pipes, pidfds, epoll, eventfd,
    /// sockets, unlinked files such as a spooled body) that is open now and was not open (to the same thing) in
    /// <paramref name="before"/>. Regular files are left out: the runtime opens some on first use and keeps them for
    /// the process's life (assemblies, /proc/meminfo).
    /// </summary>
    public static void AssertNoneLeft(Dictionary<int, string> before)
    {
        var leaked = Snapshot()
            .Where(entry => IsWatchedKind(entry.Value))
            .Where(entry => !before.TryGetValue(entry.Key, out var target) || target != entry.Value)
            .Select(entry => $"{entry.Key} -> {entry.Value}")
            .ToList();
        Assert.True(leaked.Count == 0, $"descriptors left open: {string.Join(", ", leaked)}");
    }

    private static bool IsWatchedKind(string target) =>
        target.StartsWith("pipe:", StringComparison.Ordinal)
        || target.StartsWith("anon_inode:", StringComparison.Ordinal)
        || target.StartsWith("socket:", StringComparison.Ordinal)
        || target.EndsWith("(deleted)", StringComparison.Ordinal);
}
