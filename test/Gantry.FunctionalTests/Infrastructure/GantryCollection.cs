namespace Gantry.FunctionalTests.Infrastructure;

/// <summary>
/// Tests that start servers join <c>[Collection("gantry")]</c>: they run one at a time, since the machine
/// has two cores and timing-sensitive server tests must not compete with each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GantryCollection
{
    /// <summary>The collection name to put in <c>[Collection(...)]</c>.</summary>
    public const string Name = "gantry";
}
