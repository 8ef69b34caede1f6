namespace Gantry.Configuration.Registry;

/// <summary>Titles of the topics in <c>--help</c> and the docs.</summary>
internal static class OptionTopicText
{
    /// <summary>The title of <paramref name="topic"/>.</summary>
    public static string Title(OptionTopic topic) => topic switch
    {
        OptionTopic.Configuration => "Configuration files and placeholders",
        OptionTopic.Sockets => "Sockets",
        OptionTopic.Http => "HTTP router",
        OptionTopic.Python => "Python application",
        OptionTopic.Processes => "Processes, threads and reloading",
        OptionTopic.Requests => "Requests, buffers and timeouts",
        OptionTopic.Logging => "Logging",
        OptionTopic.Monitoring => "Stats, metrics and alarms",
        OptionTopic.Security => "Users, jails and limits",
        OptionTopic.StaticFiles => "Static files and response headers",
        OptionTopic.Cgi => "CGI scripts",
        OptionTopic.Php => "PHP through php-fpm",
        OptionTopic.Routing => "Internal routing",
        OptionTopic.Hooks => "Hooks and startup commands",
        OptionTopic.Services => "Caches, spooler, mules, signals and daemons",
        OptionTopic.Clustering => "Emperor, zerg, subscriptions and legions",
        OptionTopic.Tls => "TLS",
        OptionTopic.Miscellaneous => "Plugins and miscellaneous",
        _ => topic.ToString(),
    };
}
