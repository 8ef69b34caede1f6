namespace Gantry.Posix.Processes;

/// <summary>
/// A file the child opens at a fixed number before the exec: posix_spawn_file_actions_addopen with mode 0 (the
/// flags should not create the file).
/// </summary>
/// <param name="Fd">The number the opened file has in the child.</param>
/// <param name="Path">The file to open.</param>
/// <param name="Flags">open(2) flags (O_RDONLY is 0).</param>
public readonly record struct DescriptorOpen(int Fd, string Path, int Flags);
