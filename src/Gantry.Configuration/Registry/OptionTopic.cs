namespace Gantry.Configuration.Registry;

/// <summary>The groups of <c>--help</c> and of docs/configuration.md, in the order they are shown.</summary>
internal enum OptionTopic
{
    /// <summary>Config files, placeholders, logic blocks.</summary>
    Configuration,

    /// <summary>Listening sockets and their protocols.</summary>
    Sockets,

    /// <summary>The HTTP router and HTTP-specific settings.</summary>
    Http,

    /// <summary>Which Python application to load and how.</summary>
    Python,

    /// <summary>Master, workers, threads, their lifetimes and reloads.</summary>
    Processes,

    /// <summary>Request buffers, limits and timeouts.</summary>
    Requests,

    /// <summary>Request and server logging.</summary>
    Logging,

    /// <summary>Stats server, metrics, alarms.</summary>
    Monitoring,

    /// <summary>Users, groups, jails, namespaces, resource limits.</summary>
    Security,

    /// <summary>Static files and response headers.</summary>
    StaticFiles,

    /// <summary>CGI scripts (uWSGI's cgi plugin).</summary>
    Cgi,

    /// <summary>PHP through php-fpm with nginx's site semantics.</summary>
    Php,

    /// <summary>The internal routing language.</summary>
    Routing,

    /// <summary>Hooks and commands run at server phases.</summary>
    Hooks,

    /// <summary>Caches, queues, shared areas, spooler, mules, signals, cron.</summary>
    Services,

    /// <summary>Emperor, vassals, zerg, subscriptions, legions.</summary>
    Clustering,

    /// <summary>TLS and HTTPS.</summary>
    Tls,

    /// <summary>Plugins and everything else.</summary>
    Miscellaneous,
}
