using Gantry.Application;
using Gantry.Application.Routing;
using Gantry.Configuration;
using Microsoft.Extensions.Logging;

namespace Gantry.Php;

/// <summary>The PHP link of the request router (<c>--php-docroot</c>, <c>--php-fpm</c> and the php-* options), for whoever composes the router.</summary>
public static class PhpHost
{
    /// <summary>
    /// A per-loop-thread factory of the PHP link for <paramref name="options"/>: the site is resolved once, here; each
    /// loop thread gets its own link, with its own php-fpm connections.
    /// </summary>
    /// <param name="options">The checked php options (<see cref="PhpOptions.IsConfigured"/>).</param>
    /// <param name="serverSoftware">SERVER_SOFTWARE unless php-server-software says otherwise, e.g. <c>gantry/1.4.0</c>.</param>
    /// <param name="staticFiles">
    /// The static-file link serving the root's files (ETag, ranges, gzip siblings, expires): the PHP site hands it the
    /// requests that name a file (or a directory's index file) that is not a script. Null: such requests are 404.
    /// </param>
    /// <param name="loggers">Where php-fpm's stderr and the errors go.</param>
    public static Func<int, ILoopServices, IApplicationThread, IRequestHandler> For(PhpOptions options, string serverSoftware,
        IRequestHandler? staticFiles, ILoggerFactory loggers)
    {
        var site = new PhpSite(options, serverSoftware, staticFiles, loggers.CreateLogger("gantry"));
        return (_, loop, _) => new PhpThread(site, loop);
    }
}
