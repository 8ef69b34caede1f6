using Microsoft.Extensions.Logging;

namespace Gantry.Logging;

/// <summary>
/// A logger factory that drops some event ids and passes everything else to another factory. Workers under a
/// master use it to drop the per-loop readiness line: the master prints the one readiness line, once every
/// worker is serving, and tests and supervisors wait for exactly that.
/// </summary>
internal sealed class FilteredLoggerFactory(ILoggerFactory inner, params int[] droppedEventIds) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new FilteredLogger(inner.CreateLogger(categoryName), droppedEventIds);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class FilteredLogger(ILogger inner, int[] dropped) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (Array.IndexOf(dropped, eventId.Id) < 0)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
