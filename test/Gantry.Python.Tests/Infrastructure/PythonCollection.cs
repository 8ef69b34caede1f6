namespace Gantry.Python.Tests.Infrastructure;

/// <summary>Every test that runs Python shares one interpreter (one per process) and runs serially.</summary>
[CollectionDefinition(Name)]
public sealed class PythonCollection : ICollectionFixture<PythonFixture>
{
    public const string Name = "Python";
}
