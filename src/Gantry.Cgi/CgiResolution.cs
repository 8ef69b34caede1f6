namespace Gantry.Cgi;

/// <summary>The CGI directories' answer for one request: an outcome, and the script when there is one.</summary>
internal readonly record struct CgiResolution(CgiOutcome Outcome, CgiScript? Script = null, string? EscapedPath = null, string? Root = null)
{
    public static CgiResolution NotClaimed => new(CgiOutcome.NotClaimed);

    public static CgiResolution NotFound => new(CgiOutcome.NotFound);

    public static CgiResolution Forbidden => new(CgiOutcome.Forbidden);

    public static CgiResolution RedirectToSlash => new(CgiOutcome.RedirectToSlash);
}
