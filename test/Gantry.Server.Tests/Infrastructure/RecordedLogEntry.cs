using Microsoft.Extensions.Logging;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>One log entry as <see cref="RecordingLoggerFactory"/> kept it.</summary>
internal sealed record RecordedLogEntry(LogLevel Level, int EventId, string Message);
