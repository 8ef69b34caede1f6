using Microsoft.Extensions.Logging;

namespace Gantry.Python.Tests.ChildProcess;

/// <summary>The child process's logs: one line per entry on stderr, with the event id, for the parent to read.</summary>
public sealed class StderrLoggerFactory : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger();

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class StderrLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Console.Error.WriteLine($"[{logLevel} {eventId.Id}] {formatter(state, exception)}");
            Console.Error.Flush();
        }
    }
}
