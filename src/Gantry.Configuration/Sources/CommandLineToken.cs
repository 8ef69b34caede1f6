using Gantry.Configuration.Registry;

namespace Gantry.Configuration.Sources;

/// <summary>One option read from the command line.</summary>
/// <param name="Option">The registry row.</param>
/// <param name="Value">Its value; empty when the option was given alone.</param>
/// <param name="Setting">The arguments as written, for messages (<c>--processes abc</c>).</param>
internal sealed record CommandLineToken(OptionDefinition Option, string Value, string Setting);
