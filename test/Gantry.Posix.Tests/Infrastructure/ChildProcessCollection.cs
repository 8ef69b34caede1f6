namespace Gantry.Posix.Tests.Infrastructure;

/// <summary>
/// Tests that start child processes run one at a time: <see cref="Processes.ChildReaper"/> reaps every child of the
/// test process, so it would take the children of a test running beside it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ChildProcessCollection
{
    public const string Name = "Child processes";
}
