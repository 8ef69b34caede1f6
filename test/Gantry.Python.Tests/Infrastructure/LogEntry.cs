using Microsoft.Extensions.Logging;

namespace Gantry.Python.Tests.Infrastructure;

/// <summary>One recorded log call.</summary>
public sealed record LogEntry(LogLevel Level, EventId EventId, string Message);
