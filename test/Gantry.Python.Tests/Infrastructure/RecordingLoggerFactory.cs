using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gantry.Python.Tests.Infrastructure;

/// <summary>A logger factory that keeps every entry in memory, so tests can assert what was logged.</summary>
public sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Everything logged so far, oldest first.</summary>
    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    /// <summary>Entries with the given event id.</summary>
    public IReadOnlyList<LogEntry> WithEvent(int eventId) => _entries.Where(entry => entry.EventId.Id == eventId).ToArray();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(_entries);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(logLevel, eventId, formatter(state, exception)));
    }
}
