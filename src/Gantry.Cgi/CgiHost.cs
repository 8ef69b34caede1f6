using Gantry.Application;
using Gantry.Application.Routing;
using Gantry.Configuration;
using Microsoft.Extensions.Logging;

namespace Gantry.Cgi;

/// <summary>The CGI link of the request router (<c>--cgi</c> and the cgi-* options), for whoever composes the router.</summary>
public static class CgiHost
{
    /// <summary>
    /// A per-loop-thread factory of the CGI link for <paramref name="options"/>: the directories are resolved and the
    /// helpers found once, here; each loop thread gets its own link, with its own running scripts. The router passed to
    /// the factory is the one local redirects go back through.
    /// </summary>
    /// <param name="options">The checked cgi options (<see cref="CgiOptions.IsConfigured"/>).</param>
    /// <param name="serverSoftware">SERVER_SOFTWARE for the scripts, e.g. <c>gantry/1.4.0</c>.</param>
    /// <param name="loggers">Where stderr lines and errors go.</param>
    public static Func<int, ILoopServices, IApplicationThread, IRequestHandler> For(CgiOptions options, string serverSoftware, ILoggerFactory loggers)
    {
        var site = new CgiSite(options, serverSoftware, loggers.CreateLogger("gantry"));
        return (_, loop, router) => new CgiThread(site, loop, router);
    }
}
