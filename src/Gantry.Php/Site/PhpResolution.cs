namespace Gantry.Php.Site;

/// <summary>The PHP site's decision for one request (<see cref="PhpSiteResolver"/>).</summary>
internal sealed class PhpResolution
{
    public PhpOutcome Outcome { get; init; }

    /// <summary>The status line for <see cref="PhpOutcome.Status"/> ("404 Not Found").</summary>
    public string? Status { get; init; }

    /// <summary>The URI after internal redirects (nginx's $document_uri / $uri): the static file's, or the script's with PATH_INFO.</summary>
    public string Uri { get; init; } = "/";

    /// <summary>$fastcgi_script_name: the script's URI path (SCRIPT_NAME).</summary>
    public string ScriptName { get; init; } = "";

    /// <summary>$fastcgi_path_info: what follows the script (PATH_INFO), maybe empty.</summary>
    public string PathInfo { get; init; } = "";

    /// <summary>$document_root$fastcgi_script_name (SCRIPT_FILENAME).</summary>
    public string ScriptFileName { get; init; } = "";

    /// <summary>The query after a try-files redirect to a URI with one (<c>/index.php?$query_string</c>), else null (the request's).</summary>
    public byte[]? Query { get; init; }

    /// <summary>For <see cref="PhpOutcome.Escaped"/>: the real path found outside the root.</summary>
    public string? EscapedPath { get; init; }

    public static PhpResolution WithStatus(string status) => new() { Outcome = PhpOutcome.Status, Status = status };
}
