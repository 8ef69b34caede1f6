using Gantry.Application.Routing;
using Microsoft.Extensions.Logging;

namespace Gantry.Server.Static;

/// <summary>The static-file link of the request router (static-map, static-map2, check-static…), for whoever composes it.</summary>
public static class StaticFileHandler
{
    /// <summary>
    /// The handler answering <paramref name="options"/>' files, built once per process and shared by every loop thread
    /// (it is immutable: mime.types is read and the roots resolved once, a missing root reported once).
    /// </summary>
    public static IRequestHandler For(StaticFileOptions options, TimeProvider time, ILoggerFactory loggers) =>
        StaticFileResponder.For(options, time, loggers.CreateLogger("gantry"));
}
