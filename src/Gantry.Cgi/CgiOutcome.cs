namespace Gantry.Cgi;

/// <summary>What the CGI directories make of a request path (uWSGI plugins/cgi/cgi_plugin.c, uwsgi_cgi_request).</summary>
internal enum CgiOutcome
{
    /// <summary>No cgi mountpoint takes the path: the router asks its next link.</summary>
    NotClaimed,

    /// <summary>A script to run (<see cref="CgiScript"/>).</summary>
    Script,

    /// <summary>Nothing there, or a directory without a readable index file: 404.</summary>
    NotFound,

    /// <summary>Not executable without a helper, a suffix cgi-allowed-ext does not list, or not a regular file: 403.</summary>
    Forbidden,

    /// <summary>The path resolves outside its directory and every cgi-safe prefix (a symlink out): 403 and a log line.</summary>
    Escaped,

    /// <summary>A directory asked for without its trailing slash: 301 to the path with one.</summary>
    RedirectToSlash,
}
