using Microsoft.Extensions.Logging;

namespace Gantry.Kestrel;

/// <summary>Kestrel's log lines go to Gantry's logger (stderr, logto), filtered by the front's minimum level.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory loggers) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => loggers.CreateLogger(categoryName);

    public void Dispose()
    {
    }
}
