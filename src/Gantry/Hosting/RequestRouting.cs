using Gantry.Application;
using Gantry.Application.Routing;
using Gantry.Cgi;
using Gantry.Configuration;
using Gantry.Php;
using Gantry.Server.Static;
using Microsoft.Extensions.Logging;

namespace Gantry.Hosting;

/// <summary>
/// Who answers a request, composed in this one place for every run mode (ARCHITECTURE.md "Who answers a request"):
/// static files first, as uWSGI checks them before the application (core/protocol.c, uwsgi_parse_vars), then the CGI
/// directories (the paths under a cgi mountpoint, or every path for a bare <c>cgi = DIR</c>), then the PHP site (the
/// whole nginx <c>location /</c> of its root: its files, indexes, scripts through php-fpm, and its try-files' last resort,
/// so it claims every request unless that is <c>@app</c>), then the application host, which picks among its own mount
/// points. Without a link before the host, the host is used as it is and the request path has no router at all.
/// </summary>
internal static class RequestRouting
{
    public static IApplication Compose(GantryOptions options, IApplication application, ILoggerFactory loggers)
    {
        var handlers = new List<Func<int, ILoopServices, IApplicationThread, IRequestHandler>>();
        if (StaticFileMapping.ToServer(options.StaticFiles) is { } staticFiles)
        {
            var files = StaticFileHandler.For(staticFiles, TimeProvider.System, loggers);
            handlers.Add((_, _, _) => files);
        }
        if (options.Cgi.IsConfigured)
        {
            handlers.Add(CgiHost.For(options.Cgi, $"gantry/{CommandLine.Version}", loggers));
        }
        if (options.Php.IsConfigured)
        {
            var rootFiles = StaticFileHandler.For(StaticFileMapping.ForPhpRoot(options.Php.DocumentRoot!, options.StaticFiles), TimeProvider.System, loggers);
            handlers.Add(PhpHost.For(options.Php, $"gantry/{CommandLine.Version}", rootFiles, loggers));
        }
        return handlers.Count == 0 ? application : new RoutedApplication(handlers, application);
    }
}
