using Gantry.Configuration.Registry;

namespace Gantry.Configuration.Sources;

/// <summary>One setting of a known option, after placeholder expansion, in order of appearance.</summary>
/// <param name="Option">The registry row.</param>
/// <param name="Value">The value (empty when the option was given alone).</param>
/// <param name="Origin">Where it was read.</param>
/// <param name="Setting">The setting as the user wrote it, for messages: <c>--buffer-size 70000</c>, <c>buffer-size = 70000</c>.</param>
internal sealed record OptionAssignment(OptionDefinition Option, string Value, OptionOrigin Origin, string Setting);
