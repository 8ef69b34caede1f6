using Microsoft.Extensions.Logging;

namespace Gantry.Master.Tests.Infrastructure;

/// <summary>Keeps every formatted log line, in order, for assertions on the master's uWSGI-shaped messages.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines)
        {
            _lines.Add(formatter(state, exception));
        }
    }

    public bool Contains(string text) => Lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    public int Count(string text) => Lines.Count(line => line.Contains(text, StringComparison.Ordinal));
}
