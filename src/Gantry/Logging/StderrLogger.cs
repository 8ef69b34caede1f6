using Microsoft.Extensions.Logging;

namespace Gantry.Logging;

/// <summary>A category's logger; all categories share the provider's single stderr writer.</summary>
internal sealed class StderrLogger(StderrLoggerProvider provider, LogLevel minimum) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            provider.WriteLine(formatter(state, exception), exception);
            provider.Observer?.Invoke(eventId.Id);
        }
    }
}
