namespace Gantry.Php.Site;

/// <summary>What the PHP site makes of a request path, as nginx's locations of the seed's site would.</summary>
internal enum PhpOutcome
{
    /// <summary>try-files ends in <c>@app</c> and nothing matched: the router asks its next link (the Python host).</summary>
    Declined,

    /// <summary>A script to pass to php-fpm.</summary>
    Script,

    /// <summary>A file of the root to serve as it is (its URI may be a directory's index).</summary>
    Static,

    /// <summary>A directory asked for without its trailing slash: 301 to the path with one.</summary>
    RedirectToSlash,

    /// <summary>A status of its own: <c>=404</c>, 403 for a directory without index or a refused script, 400 for a path above the root.</summary>
    Status,

    /// <summary>The path resolves outside the root (a symlink out): 403 and a log line.</summary>
    Escaped,
}
