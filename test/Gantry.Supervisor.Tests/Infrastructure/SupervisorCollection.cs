namespace Gantry.Supervisor.Tests.Infrastructure;

/// <summary>Tests that start supervisors run one at a time (two cores, real processes, timing-sensitive states).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SupervisorCollection
{
    public const string Name = "supervisors";
}
