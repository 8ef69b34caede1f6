using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gantry.Server.Tests.Infrastructure;

/// <summary>A logger factory that keeps every entry in memory, so tests can assert what the server logged.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<RecordedLogEntry> _entries = new();

    public IReadOnlyList<RecordedLogEntry> Entries => _entries.ToArray();

    public IReadOnlyList<RecordedLogEntry> WithEvent(int eventId) => _entries.Where(entry => entry.EventId == eventId).ToArray();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(_entries);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(ConcurrentQueue<RecordedLogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new RecordedLogEntry(logLevel, eventId.Id, formatter(state, exception)));
    }
}
