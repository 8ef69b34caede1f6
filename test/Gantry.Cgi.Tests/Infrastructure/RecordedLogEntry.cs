using Microsoft.Extensions.Logging;

namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>One log entry as <see cref="RecordingLogger"/> kept it: the formatted message and each named value.</summary>
internal sealed record RecordedLogEntry(LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, string?> Values)
{
    public string? this[string name] => Values.TryGetValue(name, out var value) ? value : null;
}
