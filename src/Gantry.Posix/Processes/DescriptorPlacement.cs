namespace Gantry.Posix.Processes;

/// <summary>
/// A descriptor of the parent that the child gets at a fixed number: posix_spawn_file_actions_adddup2. dup2 clears
/// close-on-exec on the copy, so the source may (and should) be close-on-exec in the parent.
/// </summary>
/// <param name="Fd">The parent's descriptor.</param>
/// <param name="At">The number it has in the child.</param>
public readonly record struct DescriptorPlacement(int Fd, int At);
