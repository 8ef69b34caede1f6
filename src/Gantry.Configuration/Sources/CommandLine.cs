namespace Gantry.Configuration.Sources;

/// <summary>What <see cref="CommandLineReader"/> found in the arguments.</summary>
internal sealed class CommandLine
{
    /// <summary>Options in the order given.</summary>
    public List<CommandLineToken> Tokens { get; } = [];

    /// <summary>Bare <c>*.ini</c> arguments; uWSGI reads them after all the options.</summary>
    public List<string> ConfigFiles { get; } = [];
}
