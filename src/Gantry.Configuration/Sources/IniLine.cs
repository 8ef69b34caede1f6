namespace Gantry.Configuration.Sources;

/// <summary>One <c>key = value</c> line of the requested section.</summary>
/// <param name="Number">1-based line number, for messages.</param>
/// <param name="Key">The key, trimmed.</param>
/// <param name="Value">The value, trimmed; empty for a bare key (uWSGI reads that as "flag on").</param>
internal readonly record struct IniLine(int Number, string Key, string Value);
