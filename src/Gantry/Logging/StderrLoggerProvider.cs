using Microsoft.Extensions.Logging;

namespace Gantry.Logging;

/// <summary>
/// Writes log lines to standard error as uWSGI does: the message alone, one line each, so existing log
/// pipelines keep working. Synchronous and unbuffered beyond a line: a crash loses nothing.
/// </summary>
internal sealed class StderrLoggerProvider : ILoggerProvider, ILoggerFactory
{
    private readonly Lock _gate = new();
    private readonly TextWriter _output;
    private readonly LogLevel _minimum;

    public StderrLoggerProvider(LogLevel minimum)
    {
        _minimum = minimum;
        _output = new StreamWriter(Console.OpenStandardError(), new System.Text.UTF8Encoding(false), 16 * 1024) { AutoFlush = true };
    }

    public ILogger CreateLogger(string categoryName) => new StderrLogger(this, _minimum);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <summary>Writes one entry (message, then the exception's text if any).</summary>
    public void WriteLine(string message, Exception? exception)
    {
        lock (_gate)
        {
            _output.WriteLine(message);
            if (exception is not null)
            {
                _output.WriteLine(exception.ToString());
            }
        }
    }

    public void Dispose() => _output.Flush();
}
