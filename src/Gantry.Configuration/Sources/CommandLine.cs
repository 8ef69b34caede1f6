namespace Gantry.Configuration.Sources;

/// <summary>What <see cref="CommandLineReader"/> found in the arguments.</summary>
internal sealed class CommandLine
{
    /// <summary>Options in the order given.</summary>
    public List<CommandLineToken> Tokens { get; } = [];

    /// <summary>
    /// Bare arguments, read as ini files after all the options (as uWSGI does): <c>*.ini[:section]</c>, and any other
    /// that the collector finds to be a text file with the section; it reports the others.
    /// </summary>
    public List<string> ConfigFiles { get; } = [];
}
