namespace Gantry.Cgi;

/// <summary>A script the CGI directories found for a request, with what its environment and argv need.</summary>
/// <param name="Command">The program exec'ed: the script (its real path, or the requested one with cgi-dontresolve), or
/// the one script a mount names.</param>
/// <param name="Interpreter">The cgi-helper program that runs the script, or null when the script runs itself.</param>
/// <param name="ScriptFileName">SCRIPT_FILENAME.</param>
/// <param name="ScriptName">SCRIPT_NAME, or null to leave the request's.</param>
/// <param name="PathInfo">PATH_INFO (what follows the script in the path), or null when nothing follows it.</param>
/// <param name="DocumentRoot">DOCUMENT_ROOT when the request brings none; also PATH_TRANSLATED's base then.</param>
/// <param name="WorkingDirectory">The directory the script starts in (its own), or null for the server's.</param>
internal sealed record CgiScript(
    string Command, string? Interpreter, string ScriptFileName, string? ScriptName, string? PathInfo, string DocumentRoot,
    string? WorkingDirectory)
{
    /// <summary>True for an NPH script (RFC 3875 §5: its name starts with <c>nph-</c>), which writes a whole HTTP response.</summary>
    public bool IsNonParsedHeader => Path.GetFileName(Command).StartsWith("nph-", StringComparison.Ordinal);
}
