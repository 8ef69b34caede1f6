using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gantry.Cgi.Tests.Infrastructure;

/// <summary>A logger that keeps every entry with its structured values, so tests can assert what the CGI host logged.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<RecordedLogEntry> _entries = new();

    public IReadOnlyList<RecordedLogEntry> Entries => _entries.ToArray();

    public IReadOnlyList<RecordedLogEntry> WithEvent(int eventId) => _entries.Where(entry => entry.EventId == eventId).ToArray();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (key, value) in pairs)
            {
                values[key] = value?.ToString();
            }
        }
        _entries.Enqueue(new RecordedLogEntry(logLevel, eventId.Id, formatter(state, exception), values));
    }
}
