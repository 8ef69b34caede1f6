namespace Gantry.Emperor;

/// <summary>A vassal file a monitor found: its name (the vassal's id), how to stat it, where it starts, its owner and mtime.</summary>
internal readonly record struct VassalFile(string Name, string Path, string WorkingDirectory, string Monitor, uint Uid, uint Gid,
    long ModifiedSeconds, uint ModifiedNanoseconds);
